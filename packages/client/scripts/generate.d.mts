export const OPENAPI_PATH: string
export const SCHEMA_PATH: string
export function generateSchema(): Promise<string>
