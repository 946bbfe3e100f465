import type { LinkStatus } from '../model.ts';
import type { ExportPair, ExportUnit } from '../../db/export.ts';
import { confidenceText } from './provenance.ts';
import { pairProvenanceFacts } from './provenance.ts';
import { MAIN_FILE, type Chunk, type ExportContext, type Exporter, type ExportWriter } from './types.ts';
import { escapeXmlText, xmlAttrs } from './xml.ts';

/** A unit's id inside its <file>: level letter and link position (NMTOKEN, unique per pair). */
const localId = (u: ExportUnit): string => `${u.level === 'paragraph' ? 'p' : 's'}${u.position}`;

/** Pair provenance, in the order both XLIFF versions write it. */
function pairFacts(p: ExportPair): [string, string | null][] {
  return [
    ['pair-id', String(p.id)], ['pair-status', p.status],
    ['ko-url', p.ko.meta.url], ['en-url', p.en.meta.url],
    ['ko-published', p.ko.meta.published], ['en-published', p.en.meta.published],
    ['ko-title', p.ko.meta.title], ['en-title', p.en.meta.title],
    ['section', p.ko.meta.section ?? p.en.meta.section],
    ...pairProvenanceFacts(p),
    ['licence', p.provenance?.collection?.licence ?? null], ['attribution', p.provenance?.collection?.attribution ?? null],
    ['source', p.provenance?.collection?.source ?? null],
  ];
}

/** XLIFF 2.0 file notes with the licence and attribution of the pair's collection (none without one). */
function licenceNotes(p: ExportPair): string {
  const c = p.provenance?.collection;
  if (!c) return '';
  const notes = ([['licence', c.licence], ['attribution', c.attribution], ['source', c.source]] as const)
    .filter(([, v]) => v !== null).map(([k, v]) => `      <note category="${k}">${escapeXmlText(v!)}</note>\n`).join('');
  return `    <notes>\n      <note category="collection">${escapeXmlText(c.name)}</note>\n${notes}    </notes>\n`;
}

/** Link provenance, in the order both XLIFF versions write it. */
function linkFacts(u: ExportUnit): [string, string | null][] {
  return [
    ['link', u.linkType], ['status', u.status], ['confidence', confidenceText(u.confidence)],
    ['confirmed-by', u.confirmedBy], ['confirmed-at', u.confirmedAt],
  ];
}

/**
 * A streaming writer that wraps each pair's units in a per-pair container: `open` starts the
 * container at a pair's first unit (closing the previous one), `close` ends it.
 */
function perPairWriter(parts: {
  header: string; footer: string; open: (p: ExportPair) => string; close: string; unit: (u: ExportUnit) => string;
  /** What stands in for the pairs when there are none: both schemas require at least one <file>. */
  empty: string;
}): ExportWriter {
  let open = false;
  const out = (text: string): Chunk[] => [{ file: MAIN_FILE, text }];
  return {
    header: () => out(parts.header),
    unit: (u) => {
      let text = '';
      if (u.index === 0) {
        if (open) text += parts.close;
        text += parts.open(u.pair);
        open = true;
      }
      return out(text + parts.unit(u));
    },
    footer: () => out((open ? parts.close : parts.empty) + parts.footer),
  };
}

const STATE_2_0: Record<LinkStatus, string> = { confirmed: 'final', auto: 'translated', rejected: 'initial' };

function metaGroup(category: string, facts: [string, string | null][], indent: string): string {
  let s = `${indent}<mda:metaGroup category="${category}">\n`;
  for (const [type, value] of facts) {
    if (value !== null) s += `${indent}  <mda:meta type="${type}">${escapeXmlText(value)}</mda:meta>\n`;
  }
  return `${s}${indent}</mda:metaGroup>\n`;
}

/**
 * XLIFF 2.0 core, valid against xliff-core-2.0.xsd: srcLang `ko` (the Korean original) and trgLang
 * `en`, one <file> per pair, one <unit> with one <segment> per link. Provenance goes in the
 * Metadata module (`mda:`), which the core schema admits where it allows extensions (file and
 * unit); segment state: confirmed → final, auto → translated, rejected → initial with subState
 * `jjak:rejected`. Texts keep their newlines (xml:space="preserve").
 */
export const xliff: Exporter = {
  name: 'xliff',
  label: 'XLIFF 2.0',
  layout: 'file',
  extension: '.xliff20.xlf',
  contentType: 'application/xliff+xml; charset=utf-8',
  create(ctx: ExportContext): ExportWriter {
    return perPairWriter({
      header: '<?xml version="1.0" encoding="UTF-8"?>\n'
        + '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"'
        + ' version="2.0" srcLang="ko" trgLang="en">\n',
      footer: '</xliff>\n',
      open: (p) => `  <file${xmlAttrs([['id', `pair-${p.id}`], ['original', p.ko.meta.url ?? `pair-${p.id}`]])}>\n`
        + '    <mda:metadata>\n'
        + metaGroup('pair', pairFacts(p), '      ')
        + metaGroup('export', [['level', ctx.level], ['tool', `jjak ${ctx.toolVersion}`]], '      ')
        + '    </mda:metadata>\n'
        + licenceNotes(p),
      close: '  </file>\n',
      // A group may be empty where a unit may not: the smallest valid file.
      empty: '  <file id="empty">\n    <group id="empty"/>\n  </file>\n',
      unit: (u) => `    <unit id="${localId(u)}">\n`
        + '      <mda:metadata>\n' + metaGroup('link', linkFacts(u), '        ') + '      </mda:metadata>\n'
        + `      <segment${xmlAttrs([['state', STATE_2_0[u.status]], ['subState', u.status === 'rejected' ? 'jjak:rejected' : null]])}>\n`
        + `        <source xml:space="preserve">${escapeXmlText(u.koText)}</source>\n`
        + `        <target xml:space="preserve">${escapeXmlText(u.enText)}</target>\n`
        + '      </segment>\n    </unit>\n',
    });
  },
};

const STATE_1_2: Record<LinkStatus, string> = { confirmed: 'final', auto: 'needs-review-translation', rejected: 'x-rejected' };

function contextGroup(facts: [string, string | null][], indent: string): string {
  // No name: the schema wants group names unique per file, and these repeat in every unit.
  let s = `${indent}<context-group purpose="information">\n`;
  for (const [type, value] of facts) {
    if (value !== null) s += `${indent}  <context context-type="x-${type}">${escapeXmlText(value)}</context>\n`;
  }
  return `${s}${indent}</context-group>\n`;
}

/**
 * XLIFF 1.2, valid against the strict schema (xliff-core-1.2-strict.xsd), for tools that do not
 * read 2.0 yet (translate-toolkit among them). One <file> per pair (source-language `ko`,
 * target-language `en`), one <trans-unit> per link: confirmed links are approved with state
 * final, automatic ones needs-review-translation, rejected ones x-rejected. Provenance goes in
 * context groups with `x-` context types, the extension point the strict schema keeps.
 */
export const xliff12: Exporter = {
  name: 'xliff12',
  label: 'XLIFF 1.2',
  layout: 'file',
  extension: '.xliff12.xlf',
  contentType: 'application/xliff+xml; charset=utf-8',
  create(ctx: ExportContext): ExportWriter {
    return perPairWriter({
      header: '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n',
      footer: '</xliff>\n',
      open: (p) => `  <file${xmlAttrs([
        ['original', p.ko.meta.url ?? `pair-${p.id}`], ['source-language', 'ko'], ['target-language', 'en'],
        ['datatype', 'plaintext'], ['category', p.ko.meta.section ?? p.en.meta.section],
      ])}>\n`
        + `    <header>\n      <tool tool-id="jjak" tool-name="jjak"${xmlAttrs([['tool-version', ctx.toolVersion]])}/>\n`
        + pairFacts(p).filter(([, v]) => v !== null).map(([k, v]) => `      <note from="jjak">${escapeXmlText(`${k}: ${v}`)}</note>\n`).join('')
        + '    </header>\n    <body>\n',
      close: '    </body>\n  </file>\n',
      empty: '  <file original="empty" source-language="ko" target-language="en" datatype="plaintext">\n    <body/>\n  </file>\n',
      unit: (u) => `      <trans-unit${xmlAttrs([
        ['id', localId(u)], ['approved', u.status === 'confirmed' ? 'yes' : 'no'], ['xml:space', 'preserve'],
      ])}>\n`
        + `        <source>${escapeXmlText(u.koText)}</source>\n`
        + `        <target state="${STATE_1_2[u.status]}">${escapeXmlText(u.enText)}</target>\n`
        + contextGroup(linkFacts(u), '        ')
        + '      </trans-unit>\n',
    });
  },
};
