// What the library benchmark runs inside the page: timing the library's answers with DOM observers and frame deltas.

/**
 * Installed with addInitScript as plain JavaScript (tsx would wrap functions written in TypeScript
 * in a __name() helper the page lacks). It works on the old table (table/tbody/tr) and the
 * virtual grid (role=row with aria-rowindex) alike, so one build can be measured against another.
 */
export const PAGE_HELPERS = String.raw`
(() => {
  const grid = () => document.querySelector('[role=grid][aria-label="Sources"]')
  const firstRow = () => {
    const g = grid()
    return g && g.querySelector('tbody tr, [role=row][aria-rowindex="2"]')
  }
  const count = () => {
    const el = document.querySelector('.library .count')
    return el ? Number(el.textContent.replace(/[^0-9]/g, '')) : -1
  }
  window.__firstRowAt = null
  const watch = new MutationObserver(() => {
    if (window.__firstRowAt === null && firstRow()) {
      requestAnimationFrame(() => (window.__firstRowAt = performance.now()))
      watch.disconnect()
    }
  })
  document.addEventListener('DOMContentLoaded', () =>
    watch.observe(document.body, { childList: true, subtree: true })
  )
  // Resolves at the first frame after cond() holds: the frame that shows it.
  const until = (cond, timeout = 120000) =>
    new Promise((ok, fail) => {
      const t0 = performance.now()
      let done = false
      const finish = () => {
        if (done) return
        done = true
        observer.disconnect()
        requestAnimationFrame(() => ok(performance.now()))
      }
      const observer = new MutationObserver(() => cond() && finish())
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
      const poll = () => {
        if (done) return
        if (cond()) finish()
        else if (performance.now() - t0 > timeout) { done = true; observer.disconnect(); fail(new Error('timed out')) }
        else setTimeout(poll, 50)
      }
      poll()
    })
  // Frame deltas from now until the returned function is called: the longest, or all of them.
  const frames = (all = false) => {
    const deltas = []
    let last = performance.now()
    let on = true
    const tick = () => {
      if (!on) return
      const now = performance.now()
      deltas.push(now - last)
      last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    return () => { on = false; return all ? deltas : deltas.length > 0 ? Math.max(...deltas) : 0 }
  }
  const spread = (deltas) => {
    const sorted = deltas.slice(1).sort((a, b) => a - b)
    return { max: sorted[sorted.length - 1] || 0, p95: sorted[Math.floor(sorted.length * 0.95)] || 0 }
  }
  let tracking = null
  const scroller = () => {
    const g = grid()
    return g.scrollHeight > g.clientHeight + 1 ? g : g.parentElement
  }
  window.__bench = {
    count,
    nodes: () => document.getElementsByTagName('*').length,
    heap: () => performance.memory ? performance.memory.usedJSHeapSize : NaN,
    // Switches to another view and back: the time from the click to the rows.
    async show(other) {
      const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name)
      button(other).click()
      await until(() => !grid())
      const stop = frames()
      const t0 = performance.now()
      button('Library').click()
      const t1 = await until(() => firstRow())
      return { ms: t1 - t0, frame: stop() }
    },
    // Types into the filter; ms is counted from the end of the library's 120 ms debounce.
    async filter(value, expected) {
      const input = document.querySelector('input[aria-label="Filter sources"]')
      const stop = frames()
      const t0 = performance.now()
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
      const t1 = await until(() => count() === expected && (expected === 0 || firstRow()))
      return { ms: t1 - t0 - 120, frame: stop() }
    },
    async sort(label, firstTitle) {
      const header = [...grid().querySelectorAll('th button, [role=columnheader] button')].find((b) => b.textContent.trim().startsWith(label))
      const stop = frames()
      const t0 = performance.now()
      header.click()
      const t1 = await until(() => {
        const row = firstRow()
        const cell = row && row.querySelector('td, [role=gridcell]')
        return cell && cell.textContent.trim() === firstTitle
      })
      return { ms: t1 - t0, frame: stop() }
    },
    // From the top, 240 frames at 120 px a frame, then jumps to the middle, the end and a quarter.
    async scroll() {
      const el = scroller()
      await new Promise((r) => requestAnimationFrame(() => { el.scrollTop = 0; r() }))
      await new Promise((r) => requestAnimationFrame(r))
      const deltas = []
      let last = performance.now()
      for (let i = 0; i < 240; i++) {
        await new Promise((r) => requestAnimationFrame(() => { el.scrollTop += 120; r() }))
        const now = performance.now()
        deltas.push(now - last)
        last = now
      }
      for (const at of [0.5, 1, 0.25]) {
        await new Promise((r) => requestAnimationFrame(() => { el.scrollTop = (el.scrollHeight - el.clientHeight) * at; r() }))
        for (let i = 0; i < 10; i++) {
          await new Promise((r) => requestAnimationFrame(r))
          const now = performance.now()
          deltas.push(now - last)
          last = now
        }
      }
      return spread(deltas)
    },
    // Frames while something outside the page drives it (a column's edge dragged by the mouse).
    track() {
      tracking = frames(true)
    },
    tracked() {
      const deltas = tracking()
      tracking = null
      return spread(deltas)
    }
  }
})()
`

/**
 * The floor for scrolling: a bare virtual list written by hand, no framework, with rows of the
 * library's shape (six cells in a CSS grid, cut with "…") in a pane of the library's size, under a
 * header whose Creators edge resizes the columns (one CSS variable, as in the library). Its rows
 * are made once and only moved and refilled as the view moves. What this page's frames show is what
 * the machine allows in the same run; the library can be no smoother.
 */
export function floorPage(rows: number): string {
  return String.raw`<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; font: 14px system-ui, sans-serif; }
  .grid { position: absolute; top: 52px; left: 0; right: 300px; bottom: 0; overflow: auto; }
  .body { position: relative; }
  .grid { --columns: minmax(160px, 1fr) 160px 100px 84px 100px 100px; }
  .head { position: sticky; top: 0; z-index: 1; height: 32px; display: grid; background: #fff;
    grid-template-columns: var(--columns); border-bottom: 1px solid #999; }
  .head > div { position: relative; }
  .edge { position: absolute; top: 0; bottom: 0; right: -4px; width: 8px; z-index: 1; cursor: col-resize; }
  .row { position: absolute; top: 0; left: 0; right: 0; height: 32px; display: grid;
    grid-template-columns: var(--columns); align-items: center;
    border-bottom: 1px solid #ddd; contain: layout style; }
  .cell { min-width: 0; padding: 0 10px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
</style></head><body><div class="grid" role="grid" aria-label="Sources"><div class="head"><div>Title</div>
<div>Creators<div class="edge" role="separator" aria-label="Resize the Creators column"></div></div>
<div>Date</div><div>Language</div><div>Kind</div><div>Annotations</div></div><div class="body"></div></div>
<script>
  const ROWS = ${rows}, ROW = 32, MARGIN = 8
  const grid = document.querySelector('.grid'), body = document.querySelector('.body')
  body.style.height = ROWS * ROW + 'px'
  const words = ['treaty', 'Baku', 'report', 'letter', 'oil', 'army', 'council', 'Caspian', 'city', 'siege']
  const text = (i, n) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ')
  const pool = Array.from({ length: Math.ceil(grid.clientHeight / ROW) + 2 * MARGIN + 1 }, () => {
    const row = document.createElement('div')
    row.className = 'row'
    for (let c = 0; c < 6; c++) row.appendChild(document.createElement('div')).className = 'cell'
    body.appendChild(row)
    row.index = -1
    return row
  })
  const draw = () => {
    const first = Math.max(0, Math.floor(grid.scrollTop / ROW) - MARGIN)
    for (let k = 0; k < pool.length; k++) {
      const i = first + k
      const row = pool[i % pool.length]
      if (row.index === i) continue
      row.index = i
      row.style.display = i < ROWS ? '' : 'none'
      row.style.transform = 'translateY(' + i * ROW + 'px)'
      const cells = row.children
      cells[0].textContent = text(i, 6 + (i % 9))
      cells[1].textContent = text(i + 1, 2)
      cells[2].textContent = String(1850 + (i % 170))
      cells[3].textContent = i % 3 ? 'en' : 'fr'
      cells[4].textContent = 'Text'
      cells[5].textContent = String(i % 13)
    }
  }
  grid.addEventListener('scroll', draw)
  draw()
  // Dragging the Creators edge sets the columns' variable, as the library's layout does.
  const edge = document.querySelector('.edge')
  edge.addEventListener('pointerdown', (down) => {
    edge.setPointerCapture(down.pointerId)
    const move = (e) => {
      const width = Math.max(64, Math.min(800, 160 + e.clientX - down.clientX))
      grid.style.setProperty('--columns', 'minmax(160px, 1fr) ' + width + 'px 100px 84px 100px 100px')
    }
    edge.addEventListener('pointermove', move)
    edge.addEventListener('pointerup', () => edge.removeEventListener('pointermove', move), { once: true })
  })
</script></body></html>`
}
