/**
 * Saves a file the API answered (a register, a report) the way a link with `download` would: the
 * bytes are fetched with the session (a plain link could not carry the bearer), then handed to the
 * browser under the API's file name. `busy` and `problem` drive the button and its message.
 */
import { shallowRef } from 'vue'
import { asApiError, type ApiError } from '../api/http'

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The browser has taken the file once the click ran; the URL is freed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

export function useFileDownload() {
  const busy = shallowRef(false)
  const problem = shallowRef<ApiError | null>(null)
  /** Fetches and saves the file; answers its name, or null when it failed (then `problem` says why). */
  async function download(fetchFile: () => Promise<{ blob: Blob; fileName: string }>): Promise<string | null> {
    busy.value = true
    problem.value = null
    try {
      const { blob, fileName } = await fetchFile()
      saveBlob(blob, fileName)
      return fileName
    } catch (error) {
      problem.value = asApiError(error)
      return null
    } finally {
      busy.value = false
    }
  }
  return { busy, problem, download }
}
