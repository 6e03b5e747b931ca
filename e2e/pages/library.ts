// Page object for the library: the sources grid, its columns, and an archive filled with many letters at once.

import { expect, type Locator, type Page } from '@playwright/test'
import { callApi, type Served } from '../fixtures'

export class LibraryPage {
  constructor(readonly page: Page) {}

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Sources' })
  }

  get filter(): Locator {
    return this.page.getByRole('searchbox', { name: 'Filter sources' })
  }

  /** The header cell of a column (its name also holds its resize edge's label). */
  header(label: string): Locator {
    return this.grid.getByRole('columnheader', { name: new RegExp(`^${label}\\b`) })
  }

  edge(label: string): Locator {
    return this.grid.getByRole('separator', { name: `Resize the ${label} column` })
  }

  /** The column labels, left to right. */
  async columns(): Promise<string[]> {
    const cells = await this.grid.getByRole('columnheader').getByRole('button').allTextContents()
    return cells.map((t) => t.replace(/[▴▾]/g, '').trim())
  }

  async width(label: string): Promise<number> {
    return (await this.header(label).boundingBox())!.width
  }

  /** The row whose selection the grid points at (aria-activedescendant). */
  selectedRow(): Locator {
    return this.grid.locator('[role=row][aria-selected=true]')
  }

  /** Imports `count` letters ("Letter 0001" …) in one request and shows them. */
  async importLetters(served: Served, count: number): Promise<void> {
    const files = Array.from({ length: count }, (_, i) => {
      const n = String(i + 1).padStart(4, '0')
      const text = `Letter ${n}\n\nWritten from Baku on day ${i + 1} of the siege.`
      return { name: `letter-${n}.txt`, data: { $bytes: Buffer.from(text).toString('base64') } }
    })
    await callApi(served, 'importFiles', files)
    await this.page.reload()
    await expect(this.grid).toHaveAttribute('aria-rowcount', String(count + 3))
  }
}
