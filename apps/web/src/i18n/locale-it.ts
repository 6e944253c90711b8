/** Every Italian message (the default language and the fallback): part of the app's entry chunk. */
import { mergeMessages } from './merge'

export default mergeMessages(import.meta.glob<Record<string, unknown>>(['./it.json', './*.it.json'], { eager: true, import: 'default' }))
