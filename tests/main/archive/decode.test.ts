// decodeText(): the bytes of a text file to a string, with the encoding it was read as, or a refusal that names the file.

import { describe, expect, it } from 'vitest'
import { decodeText } from '../../../src/main/archive/importers/decode'
import { ArchiveError } from '../../../src/shared/errors'
import { utf8 } from '../../helpers/archive'
import { concatBytes, encodeSingleByte, encodeUtf16 } from '../../helpers/encodings'

const RU =
  'Битва за Баку - сражение, происходившее летом 1918 года между Кавказской исламской армией и силами Бакинской коммуны. ' +
  'В сентябре турецкие и азербайджанские войска вошли в город, и британский отряд покинул Баку морем.'
const FR =
  "L'armée ottomane est entrée à Bakou en septembre 1918 ; les forces britanniques du général Dunsterville s'étaient retirées. " +
  'Les événements de mars avaient déjà coûté la vie à des milliers de personnes.'

describe('decodeText', () => {
  it.each([
    ['UTF-8', utf8(`${FR} 𝔄😀 ${RU}`), `${FR} 𝔄😀 ${RU}`, 'utf-8'],
    ['UTF-8 with BOM', concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(FR)), FR, 'utf-8'],
    ['UTF-16LE with BOM', encodeUtf16(RU, 'le'), RU, 'utf-16le'],
    ['UTF-16BE with BOM', encodeUtf16(RU, 'be'), RU, 'utf-16be'],
    ['UTF-16LE without BOM (Latin text)', encodeUtf16(FR, 'le').subarray(2), FR, 'utf-16le'],
    ['UTF-16BE without BOM (Latin text)', encodeUtf16(FR, 'be').subarray(2), FR, 'utf-16be'],
    ['ASCII', utf8('Plain old text.'), 'Plain old text.', 'utf-8'],
    ['Windows-1252', encodeSingleByte(FR, 'windows-1252'), FR, 'windows-1252'],
    ['Windows-1251', encodeSingleByte(RU, 'windows-1251'), RU, 'windows-1251'],
    ['KOI8-R', encodeSingleByte(RU, 'koi8-r'), RU, 'koi8-r']
  ])('reads %s', (_what, bytes, text, encoding) => {
    expect(decodeText(bytes, 'f.txt')).toEqual({ text, encoding })
  })

  it('keeps a BOM-less UTF-8 text with a form feed and an escape', () => {
    expect(decodeText(utf8('page one\fpage two'), 'f.txt').text).toBe('page one\fpage two')
  })

  it.each([
    ['an empty file', new Uint8Array(0), /empty/],
    ['a PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), /PNG/],
    ['a JPEG', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), /JPEG/],
    ['a PDF', utf8('%PDF-1.4\n%âãÏÓ\n'), /PDF/],
    ['a ZIP (docx, epub)', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0), /ZIP/],
    ['a gzip file', Uint8Array.of(0x1f, 0x8b, 8, 0), /gzip/],
    ['an ELF program', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1), /program/],
    ['a SQLite database', utf8('SQLite format 3\0rest'), /SQLite/],
    ['UTF-32', Uint8Array.of(0xff, 0xfe, 0, 0, 0x41, 0, 0, 0), /UTF-32/],
    [
      'a UTF-8 BOM followed by invalid UTF-8',
      Uint8Array.of(0xef, 0xbb, 0xbf, 0xc3, 0x28),
      /byte order mark/
    ],
    ['text with NUL bytes', utf8('abc\0def\0ghi'), /binary/],
    ['text with many control bytes', utf8('a\u0001b\u0002c\u0003d'), /binary/]
  ])('refuses %s with UNSUPPORTED_FILE, naming the file', (_what, bytes, reason) => {
    let error: unknown
    try {
      decodeText(bytes, 'input.txt')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ArchiveError)
    expect((error as ArchiveError).code).toBe('UNSUPPORTED_FILE')
    expect((error as ArchiveError).message).toMatch(/^input\.txt: /)
    expect((error as ArchiveError).message).toMatch(reason)
  })
})
