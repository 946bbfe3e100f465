import type { ExportUnit } from '../../db/export.ts';
import type { Lang } from '../model.ts';
import { collectionFacts, confidenceText, pairProvenanceFacts, tmxDate, unitId, unitSection } from './provenance.ts';
import { MAIN_FILE, type Chunk, type ExportContext, type Exporter, type ExportWriter } from './types.ts';
import { escapeXmlText, xmlAttrs } from './xml.ts';

const prop = (type: string, value: string | null, indent = '      '): string =>
  value === null ? '' : `${indent}<prop type="${type}">${escapeXmlText(value)}</prop>\n`;

function tuv(u: ExportUnit, lang: Lang): string {
  const text = lang === 'en' ? u.enText : u.koText;
  const meta = u.pair[lang].meta;
  return `      <tuv xml:lang="${lang}">\n`
    + prop('x-url', meta.url, '        ')
    + prop('x-published', meta.published, '        ')
    + `        <seg>${escapeXmlText(text)}</seg>\n      </tuv>\n`;
}

/**
 * TMX 1.4b (LISA OSCAR), valid against tmx14.dtd. srclang is `ko` because the Korean articles are
 * the originals and the English ones their translations; adminlang is `en`, the language of the
 * props. One <tu> per link: the Korean <tuv> first, then the English; a one-sided link (exported
 * only on request) has a single <tuv>. Reviewer and confirmation time go in the standard tu
 * attributes changeid/changedate; the rest of the provenance in `x-` props. No DOCTYPE line:
 * consumers that fetch external DTDs would fail on a missing tmx14.dtd, and validation passes the
 * DTD explicitly.
 */
export const tmx: Exporter = {
  name: 'tmx',
  label: 'TMX 1.4b',
  layout: 'file',
  extension: '.tmx',
  contentType: 'application/x-tmx+xml; charset=utf-8',
  create(ctx: ExportContext): ExportWriter {
    const out = (text: string): Chunk[] => [{ file: MAIN_FILE, text }];
    return {
      header: () => out('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        + `  <header${xmlAttrs([
          ['creationtool', 'jjak'], ['creationtoolversion', ctx.toolVersion], ['segtype', ctx.level],
          ['o-tmf', 'jjak'], ['adminlang', 'en'], ['srclang', 'ko'], ['datatype', 'plaintext'],
          ['o-encoding', 'UTF-8'], ['creationdate', tmxDate(ctx.date)],
        ])}>\n    <prop type="x-level">${ctx.level}</prop>\n`
        // Licence and attribution of every collection in the export, one set of props each, in name order.
        + collectionFacts(ctx).map((facts) => facts.map(([k, v]) => prop(`x-${k}`, v, '    ')).join('')).join('')
        + '  </header>\n  <body>\n'),
      unit: (u) => out(`    <tu${xmlAttrs([
        ['tuid', unitId(u)], ['segtype', u.level],
        ['changeid', u.confirmedBy], ['changedate', tmxDate(u.confirmedAt)],
      ])}>\n`
        + prop('x-pair', String(u.pair.id))
        + prop('x-link', u.linkType)
        + prop('x-status', u.status)
        + prop('x-confidence', confidenceText(u.confidence))
        + prop('x-confirmed-by', u.confirmedBy)
        + prop('x-confirmed-at', u.confirmedAt)
        + prop('x-section', unitSection(u))
        + pairProvenanceFacts(u.pair).map(([k, v]) => prop(`x-${k}`, v)).join('')
        + tuv(u, 'ko')
        + tuv(u, 'en')
        + '    </tu>\n'),
      footer: () => out('  </body>\n</tmx>\n'),
    };
  },
};
