import type { ExportDocument, ExportLink, ExportUnit } from '../../db/export.ts';
import { unitSection } from './provenance.ts';
import { MAIN_FILE, type Exporter } from './types.ts';

/** The marker every unit line starts with; `isExportUnitLine` recognises lines by it. */
export const JSONL_UNIT_FORMAT = 'jjak-export-1';
/** The marker of the header line that names the export's collections (licence, attribution). */
export const JSONL_HEADER_FORMAT = 'jjak-export-1-header';

/** True for the header line of a jjak JSONL export. */
export const isExportHeaderLine = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>)['format'] === JSONL_HEADER_FORMAT;

const linkJson = (l: ExportLink) => ({
  en: l.en, ko: l.ko, status: l.status, confidence: l.confidence,
  confirmedBy: l.confirmedBy, confirmedAt: l.confirmedAt, evidence: JSON.parse(l.evidence) as unknown,
  ...(l.crossed ? { crossed: true } : {}),
});

const sideJson = (d: ExportDocument) => ({
  url: d.meta.url, title: d.meta.title, subtitles: d.meta.subtitles, section: d.meta.section,
  published: d.meta.published, modified: d.meta.modified, authors: d.meta.authors,
  paragraphs: d.paragraphs.map((p) => ({ kind: p.kind, text: p.text, sentences: p.sentences })),
});

/**
 * The JSON object of one unit line. Keys are built in a fixed order so the bytes are
 * deterministic. The first unit of each pair also carries `pairData`: both documents (metadata,
 * paragraph kinds and texts, sentences) and the links of the other level, which is what
 * `jjak import --jsonl` needs to rebuild the pair exactly; the other lines stay small.
 */
export function unitJson(u: ExportUnit): Record<string, unknown> {
  const line: Record<string, unknown> = {
    format: JSONL_UNIT_FORMAT, pair: u.pair.id, level: u.level, position: u.position, link: u.linkType,
    en: u.enText, ko: u.koText, enItems: u.en, koItems: u.ko,
    status: u.status, confidence: u.confidence, confirmedBy: u.confirmedBy, confirmedAt: u.confirmedAt,
    evidence: JSON.parse(u.evidence) as unknown,
    enUrl: u.pair.en.meta.url, koUrl: u.pair.ko.meta.url,
    enPublished: u.pair.en.meta.published, koPublished: u.pair.ko.meta.published, section: unitSection(u),
  };
  // Only on crossed links (issue 17), so every other export keeps its bytes.
  if (u.crossed) line['crossed'] = true;
  // Provenance only when the pair has it, so exports of pairs without it keep their bytes.
  const v = u.pair.provenance;
  if (v?.collection) line['collection'] = v.collection.name;
  if (v?.externalId != null) line['externalId'] = v.externalId;
  if (u.index === 0) {
    line['pairData'] = {
      status: u.pair.status, en: sideJson(u.pair.en), ko: sideJson(u.pair.ko), links: u.pair.otherLinks.map(linkJson),
      ...(v?.meta ? { meta: v.meta } : {}),
    };
  }
  return line;
}

/**
 * JSON text on one line for every line reader: JSON.stringify leaves NEL, U+2028 and U+2029 raw
 * (valid JSON), but Python's splitlines() breaks at them, so they are written as \\u escapes.
 */
export const jsonLine = (value: unknown): string =>
  JSON.stringify(value).replace(/[\x85\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * JSON Lines: one unit per line with all its metadata (see {@link unitJson}). JSON.stringify
 * escapes control characters and lone surrogates, so every line is valid JSON and one line.
 */
export const jsonl: Exporter = {
  name: 'jsonl',
  label: 'JSON Lines',
  layout: 'file',
  extension: '.jsonl',
  contentType: 'application/jsonl; charset=utf-8',
  create(ctx) {
    return {
      // A header line only when the export holds pairs of collections: their licence and attribution.
      header: () => (ctx.collections?.length
        ? [{ file: MAIN_FILE, text: `${jsonLine({ format: JSONL_HEADER_FORMAT, level: ctx.level, tool: `jjak ${ctx.toolVersion}`, collections: ctx.collections })}\n` }]
        : []),
      unit: (u) => [{ file: MAIN_FILE, text: `${jsonLine(unitJson(u))}\n` }],
      footer: () => [],
    };
  },
};
