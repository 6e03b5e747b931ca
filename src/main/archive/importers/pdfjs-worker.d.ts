// Type stub for pdf.js's worker module, which ships without declarations; only its presence matters here.

declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  /** Handles the document messages when pdf.js runs its "worker" in the calling thread. */
  export const WorkerMessageHandler: unknown
}
