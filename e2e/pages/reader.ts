// Page object for the reader: panes by source, selecting passages with the real mouse, highlights and lists.

import { expect, type Locator, type Page } from '@playwright/test'
import { SLOWNESS } from '../../playwright.config'

export class ReaderPage {
  constructor(readonly page: Page) {}

  pane(title: RegExp | string): Locator {
    const pattern =
      typeof title === 'string' ? title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : title.source
    return this.page.getByRole('region', { name: new RegExp(`^Reader: ${pattern}`) })
  }

  text(pane: Locator): Locator {
    return pane.getByRole('article')
  }

  /** Opens a source from the library and waits until its text and all its annotations are in. */
  async openFromLibrary(title: RegExp): Promise<void> {
    await this.page.getByRole('button', { name: 'Library' }).click()
    // Pick the row, then Enter: a double-click can reach a busy page as two single clicks.
    const row = this.page.getByRole('row', { name: title })
    await row.click()
    await expect(row).toHaveAttribute('aria-selected', 'true')
    await this.page.getByRole('grid', { name: 'Sources' }).focus()
    await this.page.keyboard.press('Enter')
    const pane = this.page.getByRole('region', { name: new RegExp(`^Reader: .*${title.source}`) })
    const text = this.text(pane)
    // A long source on a crowded machine takes a while to load and lay out: wait for it as long
    // as a test may.
    await expect(text).toBeVisible({ timeout: 30_000 * SLOWNESS })
    await expect(text).not.toHaveAttribute('aria-busy', 'true', { timeout: 30_000 * SLOWNESS })
  }

  /**
   * Opens a source in a new pane and waits, as openFromLibrary does, until its text, annotations
   * and links are all in: on a crowded machine they arrive seconds apart, and a test that scrolls
   * or selects before then measures a page still being laid out.
   */
  async openBeside(title: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Open beside' }).selectOption({ label: title })
    const text = this.text(this.pane(title))
    await expect(text).toBeVisible({ timeout: 30_000 * SLOWNESS })
    await expect(text).not.toHaveAttribute('aria-busy', 'true', { timeout: 30_000 * SLOWNESS })
  }

  /** Screen points at the first and last characters of `phrase` in the pane, scrolled into view. */
  private async phraseBox(
    pane: Locator,
    phrase: string
  ): Promise<{ x1: number; y1: number; x2: number; y2: number }> {
    const box = await this.text(pane).evaluate((el, wanted) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      let all = ''
      const nodes: { node: Text; at: number }[] = []
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if ((n.parentElement as HTMLElement).closest('[data-nontext]')) continue
        nodes.push({ node: n as Text, at: all.length })
        all += n.textContent
      }
      const i = all.indexOf(wanted)
      if (i < 0) return null
      const charRange = (offset: number): Range => {
        let k = nodes.length - 1
        while (k > 0 && nodes[k].at > offset) k--
        const r = document.createRange()
        r.setStart(nodes[k].node, offset - nodes[k].at)
        r.setEnd(nodes[k].node, offset - nodes[k].at + 1)
        return r
      }
      // Bring the phrase itself (not its whole paragraph) to the upper third of the pane.
      const scroller = el.parentElement as HTMLElement
      scroller.scrollTop +=
        charRange(i).getBoundingClientRect().top -
        scroller.getBoundingClientRect().top -
        scroller.clientHeight / 3
      const a = charRange(i).getBoundingClientRect()
      const b = charRange(i + wanted.length - 1).getBoundingClientRect()
      return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 }
    }, phrase)
    if (!box) throw new Error(`“${phrase}” is not shown in the pane`)
    return box
  }

  /** Drags the mouse over the first occurrence of `phrase` in the pane's text, as a user selects it. */
  async select(pane: Locator, phrase: string): Promise<void> {
    // Measured and dragged again if the text moved meanwhile (a line appearing above it on a busy
    // page): the selection, not the gesture, is what the test waits for.
    await expect(async () => {
      await this.page.evaluate(() => getSelection()?.removeAllRanges())
      const box = await this.phraseBox(pane, phrase)
      await this.page.mouse.move(box.x1, box.y1)
      await this.page.mouse.down()
      await this.page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 })
      await this.page.mouse.move(box.x2, box.y2, { steps: 4 })
      await this.page.mouse.up()
      await expect
        .poll(() => this.page.evaluate(() => getSelection()?.toString()), { timeout: 5_000 })
        .toBe(phrase)
    }).toPass({ timeout: 20_000 * SLOWNESS })
  }

  /** Drags from a phrase in one pane to a phrase in another. */
  async dragAcross(
    from: Locator,
    fromPhrase: string,
    to: Locator,
    toPhrase: string
  ): Promise<void> {
    const a = await this.phraseBox(from, fromPhrase)
    const b = await this.phraseBox(to, toPhrase)
    await this.page.mouse.move(a.x1, a.y1)
    await this.page.mouse.down()
    await this.page.mouse.move(b.x2, b.y2, { steps: 8 })
    await this.page.mouse.up()
  }

  /** The highlighted runs of the pane's text whose annotation tooltip mentions `tag`. */
  highlights(pane: Locator): Locator {
    return this.text(pane).locator('.hl')
  }

  list(pane: Locator): Locator {
    return pane.getByRole('region', { name: /^Annotations of / })
  }

  popup(): Locator {
    return this.page.getByRole('toolbar', { name: /Tag the selection|Annotation actions/ })
  }
}
