/** subset-font ships no types: the one function Ponte uses (build/latin-fonts.ts). */
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2'; preserveNameIds?: number[]; noLayoutClosure?: boolean },
  ): Promise<Buffer>
}
