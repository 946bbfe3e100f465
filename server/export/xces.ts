import type { ExportDocument, ExportPair, ExportUnit } from '../../db/export.ts';
import type { Exporter, ExportContext, ExportWriter, Chunk } from './types.ts';
import { escapeXmlText, xmlAttrs } from './xml.ts';

/** The alignment file's name inside the archive (OPUS names it after the language pair). */
export const XCES_ALIGN_FILE = 'en-ko.xml';
/** A pair's sentence file inside the archive, gzipped as OPUS keeps them, e.g. `ko/12.xml.gz`. */
export const xcesDocName = (lang: 'en' | 'ko', pairId: number): string => `${lang}/${pairId}.xml.gz`;

/**
 * An OPUS-style sentence file: at sentence level <p id="pN"> holding <s id="sN"> (N 1-based,
 * article-wide), at paragraph level one <s id="pN"> per paragraph, so links always point at <s>.
 * Article metadata rides on the root element.
 */
function sentenceFile(doc: ExportDocument, level: ExportContext['level']): string {
  const m = doc.meta;
  let s = `<?xml version="1.0" encoding="utf-8"?>\n<document${xmlAttrs([
    ['xml:lang', doc.lang], ['url', m.url], ['title', m.title], ['published', m.published], ['section', m.section],
  ])}>\n`;
  let sentence = 0;
  doc.paragraphs.forEach((p, i) => {
    if (level === 'paragraph') {
      s += `<s id="p${i + 1}">${escapeXmlText(p.text)}</s>\n`;
      return;
    }
    s += `<p id="p${i + 1}">\n`;
    for (const text of p.sentences) s += `<s id="s${++sentence}">${escapeXmlText(text)}</s>\n`;
    s += '</p>\n';
  });
  return `${s}</document>\n`;
}

/**
 * The cesHeader of the alignment file: for each collection in the export its source (sourceDesc),
 * licence (availability) and attribution (distributor); none when no pair is in a collection.
 */
function cesHeader(ctx: ExportContext): string {
  const cs = ctx.collections ?? [];
  if (cs.length === 0) return '';
  const el = (name: string, v: string | null) => (v === null ? '' : `<${name}>${escapeXmlText(v)}</${name}>`);
  return '<cesHeader version="1.0">\n' + cs.map((c) => `<fileDesc${xmlAttrs([['n', c.name]])}>`
    + `<titleStmt><title>${escapeXmlText(c.name)}</title></titleStmt>`
    + `<publicationStmt>${el('distributor', c.attribution)}${el('availability', c.licence)}</publicationStmt>`
    + `<sourceDesc>${c.source === null ? '<p/>' : `<p>${escapeXmlText(c.source)}</p>`}</sourceDesc></fileDesc>\n`).join('')
    + '</cesHeader>\n';
}

const ids = (items: number[], prefix: string): string => items.map((i) => `${prefix}${i + 1}`).join(' ');

/**
 * XCES as OPUS distributes it, in a zip archive: the cesAlign file `en-ko.xml` with one
 * <linkGrp> per pair (fromDoc English, toDoc Korean, the alphabetical order OPUS uses) and
 * <link xtargets="s1 s2;s1" certainty="…">, plus the gzipped sentence files `en/ID.xml.gz` and
 * `ko/ID.xml.gz` it points to (every sentence of the article, linked or not). A one-sided link has an empty
 * side (`s4;`), as in OPUS. XCES has no place for review status: it is in the JSONL, TMX and XLIFF.
 */
export const xces: Exporter = {
  name: 'xces',
  label: 'XCES (OPUS, zip)',
  layout: 'zip',
  extension: '.zip',
  contentType: 'application/zip',
  create(ctx: ExportContext): ExportWriter {
    let open = false;
    const prefix = ctx.level === 'paragraph' ? 'p' : 's';
    const align = (text: string): Chunk => ({ file: XCES_ALIGN_FILE, text });
    const openGroup = (p: ExportPair): Chunk[] => [
      { file: xcesDocName('en', p.id), text: sentenceFile(p.en, ctx.level), whole: true },
      { file: xcesDocName('ko', p.id), text: sentenceFile(p.ko, ctx.level), whole: true },
      align(`${open ? '</linkGrp>\n' : ''}<linkGrp${xmlAttrs([
        ['targType', 's'], ['fromDoc', xcesDocName('en', p.id)], ['toDoc', xcesDocName('ko', p.id)],
      ])}>\n`),
    ];
    return {
      header: () => [align('<?xml version="1.0" encoding="utf-8"?>\n'
        + '<!DOCTYPE cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" "">\n<cesAlign version="1.0">\n'
        + cesHeader(ctx))],
      unit: (u: ExportUnit) => {
        const chunks = u.index === 0 ? openGroup(u.pair) : [];
        open = true;
        chunks.push(align(`<link${xmlAttrs([
          ['id', `SL${u.position + 1}`], ['xtargets', `${ids(u.en, prefix)};${ids(u.ko, prefix)}`],
          ['certainty', u.confidence === null ? null : String(u.confidence)],
        ])}/>\n`));
        return chunks;
      },
      footer: () => [align(`${open ? '</linkGrp>\n' : ''}</cesAlign>\n`)],
    };
  },
};
