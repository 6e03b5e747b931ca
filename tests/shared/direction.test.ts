// Text direction from the first strong letter, and quotation marks per direction.

import { expect, it } from 'vitest'
import { quoted, textDirection } from '../../src/shared/text/direction'

it('finds the direction of a quote from its first letter', () => {
  expect(textDirection('Baku was liberated')).toBe('ltr')
  expect(textDirection('«تحرير باكو»')).toBe('rtl')
  expect(textDirection('1918 שנת')).toBe('rtl')
  expect(textDirection('123')).toBe('ltr')
})

it('puts the marks of the quote’s direction around it', () => {
  expect(quoted('Baku')).toBe('“Baku”')
  expect(quoted('باكو')).toBe('”باكو“')
})
