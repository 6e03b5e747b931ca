// A free-text field's length limit in the UI: refuses an oversized paste at once and says how much a text is over.

import { overLimitMessage } from '../../../shared/limits'

export class TextLimit {
  /** Why the last paste was refused; cleared by the next edit. */
  refused = $state('')

  /** `what` names the field in messages ("The note"); `max` is its limit from shared/limits. */
  constructor(
    readonly what: string,
    readonly max: number
  ) {}

  fits(value: string): boolean {
    return value.length <= this.max
  }

  /** What to tell the user about `value`: the refused paste, or how much it is over, or ''. */
  message(value: string): string {
    return this.refused || overLimitMessage(this.what, value.length, this.max)
  }

  /**
   * Refuses a paste that would take the field past its limit before the field lays it out (a
   * paste of millions of characters would freeze the page), keeping what is already typed.
   */
  onpaste = (event: ClipboardEvent): void => {
    const field = event.currentTarget as HTMLInputElement | HTMLTextAreaElement
    const pasted = event.clipboardData?.getData('text/plain') ?? ''
    const replaced = (field.selectionEnd ?? 0) - (field.selectionStart ?? 0)
    const length = field.value.length - replaced + pasted.length
    if (length <= this.max) {
      this.refused = ''
      return
    }
    event.preventDefault()
    const over = length - this.max
    this.refused = `That paste would make ${this.what.toLowerCase()} ${length.toLocaleString('en')} characters long, ${over.toLocaleString('en')} over the limit of ${this.max.toLocaleString('en')}. Nothing was pasted.`
  }

  oninput = (): void => {
    this.refused = ''
  }
}
