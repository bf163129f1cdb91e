import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeShiftJis, ShiftJisDecodingError } from './shift-jis.js';

// The XML of SBPS's API type (spec/sbps-au.md §2, §8): Shift_JIS, flat elements with at most one
// level of containers (`pay_option_manage`, `res_pay_method_info`), values as text.

/** Why an SBPS XML document was refused. */
export type SbpsXmlErrorCode =
  | 'invalid_shift_jis'
  | 'malformed_xml'
  | 'doctype_not_allowed'
  | 'invalid_entity'
  | 'mixed_content'
  | 'unexpected_root'
  | 'unknown_function'
  | 'invalid_base64'
  | 'missing_element'
  | 'unexpected_value';

/** Thrown when SBPS API XML cannot be read without guessing. */
export class SbpsXmlError extends Error {
  override readonly name = 'SbpsXmlError';
  readonly code: SbpsXmlErrorCode;

  constructor(code: SbpsXmlErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A text-only element, with the containers above it (below the root). */
export interface SbpsXmlLeaf {
  readonly name: string;
  readonly parents: readonly string[];
  readonly value: string;
}

/** A parsed SBPS document: root name and attributes, and its leaves in document order. */
export interface SbpsXmlDocument {
  readonly root: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly leaves: readonly SbpsXmlLeaf[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes the five characters spec §2 requires as entities (`< & > " '`). */
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

// XML 1.0 "Char": no NUL or other C0 controls besides TAB/LF/CR, no surrogates.
const isXmlChar = (codePoint: number): boolean =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  (codePoint >= 0x10000 && codePoint <= 0x10ffff);

function entityText(body: string): string | undefined {
  const named = NAMED_ENTITIES.get(body);
  if (named !== undefined) return named;
  const numeric = /^#x([0-9a-fA-F]{1,6})$|^#([0-9]{1,7})$/.exec(body);
  if (numeric === null) return undefined;
  const codePoint = numeric[1] === undefined ? Number(numeric[2]) : Number.parseInt(numeric[1], 16);
  return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : undefined;
}

// fast-xml-parser leaves entities alone when processEntities is off; XML defines only the five
// named entities and numeric references, so anything else (e.g. HTML's &nbsp;) is refused.
function decodeEntities(text: string): string {
  return text.replace(/&([^;&]*)(;?)/g, (reference, body: string, semicolon: string) => {
    const decoded = semicolon === ';' ? entityText(body) : undefined;
    if (decoded === undefined) {
      throw new SbpsXmlError('invalid_entity', `Unsupported entity reference "${reference}".`);
    }
    return decoded;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // spec §2: spaces inside values are kept as they are.
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const TEXT = '#text';
const CDATA = '#cdata';
// SBPS documents nest one level; deeper input is not SBPS's and is refused before recursing far.
const MAX_DEPTH = 8;

const elementName = (node: OrderedNode): string =>
  Object.keys(node).find((key) => key !== ':@') ?? '';

const children = (node: OrderedNode): OrderedNode[] =>
  (node[elementName(node)] as OrderedNode[] | undefined) ?? [];

function textOf(node: OrderedNode): string {
  if (elementName(node) === TEXT) return decodeEntities(String(node[TEXT]));
  return children(node)
    .map((part) => String(part[TEXT]))
    .join('');
}

const isElement = (node: OrderedNode): boolean => ![TEXT, CDATA].includes(elementName(node));

function collectLeaves(
  container: OrderedNode,
  parents: readonly string[],
  leaves: SbpsXmlLeaf[],
): void {
  if (parents.length > MAX_DEPTH) {
    throw new SbpsXmlError('malformed_xml', 'The document nests deeper than SBPS messages do.');
  }
  const content = children(container);
  if (content.some((child) => !isElement(child) && textOf(child).trim() !== '')) {
    throw new SbpsXmlError(
      'mixed_content',
      `<${elementName(container)}> mixes text with elements.`,
    );
  }
  for (const element of content.filter(isElement)) {
    const name = elementName(element);
    if (children(element).some(isElement)) {
      collectLeaves(element, [...parents, name], leaves);
    } else {
      leaves.push({ name, parents, value: children(element).map(textOf).join('') });
    }
  }
}

/**
 * Parses Shift_JIS SBPS XML strictly: invalid Shift_JIS, malformed XML, a DOCTYPE (never sent by
 * SBPS, and the door to entity expansion), unknown entities, mixed content or several roots all
 * throw {@link SbpsXmlError}.
 */
export function parseSbpsXml(bytes: Uint8Array): SbpsXmlDocument {
  let xml: string;
  try {
    xml = decodeShiftJis(bytes);
  } catch (error) {
    if (!(error instanceof ShiftJisDecodingError)) throw error;
    throw new SbpsXmlError('invalid_shift_jis', `The XML is not valid Shift_JIS: ${error.message}`);
  }
  if (/<!DOCTYPE/i.test(xml)) {
    throw new SbpsXmlError('doctype_not_allowed', 'SBPS XML must not contain a DOCTYPE.');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new SbpsXmlError('malformed_xml', `Malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  const roots = (parser.parse(xml) as OrderedNode[]).filter((node) => elementName(node) !== TEXT);
  const [root] = roots;
  if (root === undefined || roots.length > 1) {
    throw new SbpsXmlError('malformed_xml', 'The document must have exactly one root element.');
  }
  const attributes = Object.fromEntries(
    Object.entries(root[':@'] ?? {}).map(([name, value]) => [name, decodeEntities(value)]),
  );
  const leaves: SbpsXmlLeaf[] = [];
  collectLeaves(root, [], leaves);
  return { root: elementName(root), attributes, leaves };
}
