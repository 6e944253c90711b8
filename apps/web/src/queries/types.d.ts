/** Pinia Colada: every query and mutation fails with the API's typed ApiError. */
import type { ApiError } from '../api/http'

declare module '@pinia/colada' {
  interface TypesConfig {
    defaultError: ApiError
  }
}
