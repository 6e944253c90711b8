/**
 * A component whose code downloads when it is first shown (a form behind a button): the loading
 * message meanwhile; if the download fails twice, the network problem (reloading the page tries again).
 */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'
import { useI18n } from 'vue-i18n'
import BaseAlert from './BaseAlert.vue'
import BaseLoading from './BaseLoading.vue'

const DownloadFailed = defineComponent({
  name: 'DownloadFailed',
  setup() {
    const { t } = useI18n()
    return () => h(BaseAlert, { variant: 'danger' }, () => h('p', { class: 'mb-0' }, t('problems.network')))
  },
})

export function lazyComponent<C extends Component>(loader: () => Promise<{ default: C }>): C {
  return defineAsyncComponent({
    loader,
    loadingComponent: BaseLoading,
    errorComponent: DownloadFailed,
    onError: (_error, retry, fail, attempts) => (attempts <= 1 ? retry() : fail()),
  }) as unknown as C
}
