// Language guesses for imports that state none: the seed texts and passages in four more languages; short or ambiguous texts stay unknown.

import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { francAll } from 'franc-min'
import { detectLanguage, rankLanguages } from '../../../../src/main/archive/importers/language'
import { RESOURCES, tempArchive } from '../../../helpers/archive'

const SEEDS = join(RESOURCES, 'sample-archive')
const PASSAGES: Record<string, string> = {
  tr: 'Bakü, 15 Eylül 1918 tarihinde Kafkas İslam Ordusu tarafından kurtarıldı. Şehir halkı askerleri sevinçle karşıladı ve uzun süren kuşatma sona erdi. Bu olay Azerbaycan tarihinde önemli bir dönüm noktası olarak kabul edilir.',
  az: 'Bakı 15 sentyabr 1918-ci ildə Qafqaz İslam Ordusu tərəfindən azad edildi. Şəhər əhalisi əsgərləri sevinclə qarşıladı və uzun sürən mühasirə başa çatdı. Bu hadisə Azərbaycan tarixində mühüm dönüş nöqtəsi hesab olunur.',
  ru: 'Баку был взят 15 сентября 1918 года войсками Кавказской исламской армии. Жители города встретили солдат, и долгая осада закончилась. Это событие считается важным поворотным пунктом в истории Азербайджана.',
  de: 'Baku wurde am 15. September 1918 von der Kaukasischen Islamischen Armee eingenommen. Die Bewohner der Stadt begrüßten die Soldaten, und die lange Belagerung ging zu Ende. Dieses Ereignis gilt als wichtiger Wendepunkt.'
}

describe('detectLanguage', () => {
  it('names the seed texts English and French', async () => {
    const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))
    const found = await Promise.all(
      seeds.map((f) => detectLanguage(readFileSync(join(SEEDS, f), 'utf8')))
    )
    expect(found.sort()).toEqual(['en', 'fr'])
  })

  it('names passages of about 200 characters in Turkish, Azerbaijani, Russian and German', async () => {
    for (const [language, text] of Object.entries(PASSAGES)) {
      expect(await detectLanguage(text), language).toBe(language)
    }
  })

  it('leaves short texts and lists of names unknown', async () => {
    for (const text of [
      '',
      'Baku 1918',
      'The army entered the city.',
      'Letter from the front, September 1916, page two of four.',
      'Nuri Pasha, Enver Pasha, Lionel Dunsterville, Stepan Shaumian, Bicherakhov, Baku, Ganja, Tiflis, Enzeli, Petrovsk',
      '1918-09-15 12:00 14:30 16:45 — 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20'
    ]) {
      expect(await detectLanguage(text), text).toBe('')
    }
  })

  it('gives an imported plain-text file its language, and keeps a language the file states', async () => {
    const { archive } = tempArchive()
    const enc = new TextEncoder()
    const report = await archive.importFiles([
      { name: 'bakou.txt', data: readFileSync(join(SEEDS, '001_7cb4cb3c1af32e13.txt')) },
      { name: 'note.txt', data: enc.encode('Baku 1918\n') },
      { name: 'stated.md', data: enc.encode(`---\nlang: az-Latn\n---\n\n${PASSAGES.tr}\n`) }
    ])
    expect(report.imported.map((s) => s.language)).toEqual(['fr', '', 'az-Latn'])
  })
})

describe('rankLanguages', () => {
  it("ranks languages exactly as franc-min's francAll does, in every script it knows", async () => {
    const seeds = readdirSync(SEEDS)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(SEEDS, f), 'utf8'))
    const others = [
      'باكو هي عاصمة أذربيجان وأكبر مدنها، وتقع على الساحل الغربي لبحر قزوين. في عام ١٩١٨ دخلها الجيش.',
      'बाकू अज़रबैजान की राजधानी है और कैस्पियन सागर के तट पर स्थित है। १९१८ में यहाँ युद्ध हुआ था।',
      'Το Μπακού είναι η πρωτεύουσα του Αζερμπαϊτζάν και βρίσκεται στις ακτές της Κασπίας θάλασσας.',
      'バクーはアゼルバイジャンの首都であり、カスピ海の西岸に位置する。一九一八年に戦いがあった。',
      // Half Latin, half another script, either way of half (the guess looks at Latin first).
      'Baku city oil port: Баку город нефть порт',
      'Baku city oil ports, ships and harbour: Баку город',
      'Baku: 巴库是阿塞拜疆的首都, the capital',
      '1918-09-15 12:00 14:30 16:45 — 1, 2, 3, 4, 5, 6, 7, 8, 9, 10',
      '!!! ??? ... ---',
      'short'
    ]
    const texts = [...seeds, ...Object.values(PASSAGES), ...others]
    // Slices of every length and place, and texts run together (a French quotation in English).
    const samples: string[] = [...others]
    let seed = 11
    const random = (n: number): number => (seed = (seed * 16807) % 2147483647) % n
    for (let i = 0; i < 400; i++) {
      const a = texts[random(texts.length)]
      const b = texts[random(texts.length)]
      const joined = random(3) === 0 ? `${a} ${b}` : a
      const start = random(Math.max(1, joined.length - 50))
      samples.push(joined.slice(start, start + 20 + random(1200)))
    }
    for (const sample of samples) {
      expect(await rankLanguages(sample), sample.slice(0, 60)).toEqual(francAll(sample))
    }
  })
})
