/** Every English message: a chunk of its own, downloaded when English is chosen (i18n/index.ts). */
import { mergeMessages } from './merge'

export default mergeMessages(import.meta.glob<Record<string, unknown>>(['./en.json', './*.en.json'], { eager: true, import: 'default' }))
