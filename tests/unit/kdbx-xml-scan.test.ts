// kdbx-xml-scan.ts replaced sax as the reader of a KeePass database's decrypted XML. sax (strict
// mode, as the reader used it) stays the reference: for any well-formed document both must hand
// the reader the same start tags (with the same Protected flag), the same text between tags and
// the same end tags; what is not well-formed must be damage to both.
import fc from 'fast-check';
import sax from 'sax';
import { describe, expect, it } from 'vitest';
import { CHUNK, decodeEntities, MAX_ATTRIBUTE, scanXml, ScanError, type XmlReader } from '../../electron/vault/kdbx-xml-scan';
import { parseKeePassXml } from '../../electron/vault/kdbx-xml';

const RUNS = Number(process.env.FC_RUNS ?? 200);

/** The events a reader sees, text between two tag events joined (sax splits it at other places). */
function recorder(): XmlReader & { events: string[] } {
  const events: string[] = [];
  let text = '';
  const flush = () => {
    if (text) events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  return {
    events,
    open(name, isProtected) {
      flush();
      events.push(`open ${name}${isProtected ? ' protected' : ''}`);
    },
    collecting: () => true,
    text(piece) {
      text += piece;
    },
    close(name) {
      flush();
      events.push(`close ${name}`);
    },
  };
}

function viaScan(xml: string): string[] {
  const r = recorder();
  scanXml(xml, r);
  return r.events;
}

/** The reader's events as sax produced them (its old driver in kdbx-xml.ts). */
function viaSax(xml: string): string[] {
  const r = recorder();
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  let depth = 0;
  parser.onopentag = (tag) => {
    depth += 1;
    r.open(tag.name, String(tag.attributes.Protected ?? '').toLowerCase() === 'true');
  };
  const text = (t: string) => {
    if (depth > 0) r.text(t);
  };
  parser.ontext = text;
  parser.oncdata = text;
  parser.onclosetag = (name) => {
    depth -= 1;
    r.close(name);
  };
  parser.onerror = (error) => {
    throw error;
  };
  for (let at = 0; at < xml.length; at += CHUNK) parser.write(xml.slice(at, at + CHUNK));
  parser.close();
  return r.events;
}

const NAMES = ['KeePassFile', 'Meta', 'Root', 'Group', 'Entry', 'String', 'Key', 'Value', 'Name', 'UUID', 'History', 'x', 'ns:y', 'a-b.c_d'];
const name = fc.constantFrom(...NAMES);
/** Text as written in XML: plain characters, each of & < > " ' as any of its escapes. */
const escapedChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '+', '/', '=', ' ', '\n', '\t', '\r\n', 'é', '€', '😀', ';', '#', ']', '>', "'", '"'),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#38;', '&#x26;', '&#60;', '&#X3C;', '&#233;', '&#x1F600;', '&#10;', '&#9;'),
);
const text = fc.array(escapedChar, { maxLength: 20 }).map((parts) => parts.join(''));
const attributeValue = fc.oneof(
  fc.constantFrom('True', 'true', 'TRUE', 'False', '&#84;rue', 'tru&#x65;', 'x'),
  text.map((t) => t.replace(/"/g, '&quot;')),
);
const attribute = fc.tuple(fc.constantFrom('Protected', 'ProtectInMemory', 'Ref', 'z'), attributeValue, fc.constantFrom(' ', '\n  ', '\t'), fc.constantFrom('=', ' = ', '=\n'), fc.boolean());
const misc = fc.oneof(
  text,
  fc.array(fc.constantFrom('a', ' ', '<', '&', ']', '>', 'x'), { maxLength: 12 }).map((c) => `<![CDATA[${c.join('').replace(/]]>/g, '] ]>')}]]>`),
  fc.constantFrom('<!-- a comment -->', '<!---->', '<?pi some data?>', '<!-- <Entry> -->'),
);

type Node = { name: string; attributes: [string, string, string, string, boolean][]; children: (Node | string)[]; selfClose: boolean; endSpace: string };
const node: fc.Memo<Node> = fc.memo((n) =>
  fc.record({
    name,
    attributes: fc.uniqueArray(attribute, { maxLength: 3, selector: (a) => a[0] }),
    children: n <= 1 ? fc.array(misc, { maxLength: 3 }) : fc.array(fc.oneof({ weight: 2, arbitrary: misc }, { weight: 3, arbitrary: node(n - 1) }), { maxLength: 4 }),
    selfClose: fc.boolean(),
    endSpace: fc.constantFrom('', ' ', '\n'),
  }),
);

function write(n: Node): string {
  const attributes = n.attributes.map(([key, value, space, eq, single]) => `${space}${key}${eq}${single ? `'${value.replace(/'/g, '&apos;')}'` : `"${value}"`}`).join('');
  if (n.selfClose && n.children.length === 0) return `<${n.name}${attributes}${n.endSpace}/>`;
  return `<${n.name}${attributes}${n.endSpace}>${n.children.map((c) => (typeof c === 'string' ? c : write(c))).join('')}</${n.name}${n.endSpace}>`;
}

const document = fc.tuple(fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', '\uFEFF<?xml version="1.0"?>', '<!DOCTYPE KeePassFile>\n'), node(4), fc.constantFrom('', '\n', '<!-- end -->\n'))
  .map(([head, root, tail]) => `${head}${write(root)}${tail}`);

describe('the KeePass XML tokenizer against sax (strict)', () => {
  it('hands the reader the same tags, Protected flags and text for any well-formed document', () => {
    fc.assert(
      fc.property(document, (xml) => {
        expect(viaScan(xml)).toEqual(viaSax(xml));
      }),
      { numRuns: RUNS },
    );
  });

  it('text and CDATA longer than a piece, entities across the piece boundaries, come out whole', () => {
    for (const shift of [0, 1, 3, 5, 7, 11]) {
      const long = `${'x'.repeat(CHUNK - shift)}${'&amp;&#x1F600;&lt;ab'.repeat(5000)}`;
      const xml = `<KeePassFile><Value>${long}</Value><Value><![CDATA[${'c<&'.repeat(CHUNK)}]]></Value></KeePassFile>`;
      const events = viaScan(xml);
      expect(events).toEqual(viaSax(xml));
      expect(events[2]).toBe(`text ${JSON.stringify(decodeEntities(long))}`);
    }
  });

  const damaged: [string, string][] = [
    ['an end tag of another name', '<a><b></a></b>'],
    ['an element left open', '<a><b></b>'],
    ['an end tag with nothing open', '<a></a></b>'],
    ['text outside the root', 'x<a></a>'],
    ['text after the root', '<a></a>x'],
    ['a bare &', '<a>fish & chips</a>'],
    ['an entity without its ;', '<a>&amp</a>'],
    ['a reference to no character', '<a>&#0;</a>'],
    ['a reference past Unicode', '<a>&#x110000;</a>'],
    ['an unquoted attribute', '<a b=c></a>'],
    ['an attribute without a value', '<a b></a>'],
    ['attributes without space between', '<a b="1"c="2"></a>'],
    ['an unclosed comment', '<a><!-- x</a>'],
    ['an unclosed CDATA section', '<a><![CDATA[ x</a>'],
    ['a tag cut at the end', '<a><b x="1"'],
    ['an unclosed attribute', '<a b="1></a>'],
  ];
  for (const [what, xml] of damaged) {
    it(`is damage to both: ${what}`, () => {
      expect(() => viaScan(xml)).toThrow(ScanError);
      expect(() => viaSax(xml)).toThrow();
      expect(() => parseKeePassXml(xml, { getSalt: (n) => new ArrayBuffer(n) })).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    });
  }

  // What no KeePass writes, which sax let through: refused here.
  for (const [what, xml] of [['a second root', '<a></a><b></b>'], ['no root at all', '<?xml version="1.0"?>'], ['an HTML entity', '<a>&nbsp;</a>']]) {
    it(`is damage here, though sax read it: ${what}`, () => {
      expect(() => viaSax(xml!)).not.toThrow();
      expect(() => viaScan(xml!)).toThrow(ScanError);
    });
  }

  it(`an attribute value over ${MAX_ATTRIBUTE / 1024} KiB is damage, one at the bound is not`, () => {
    expect(viaScan(`<a b="${'y'.repeat(MAX_ATTRIBUTE)}"></a>`)).toEqual(['open a', 'close a']);
    expect(() => viaScan(`<a b="${'y'.repeat(MAX_ATTRIBUTE + 1)}"></a>`)).toThrow(ScanError);
  });

  it('a reader that stops collecting is handed no more of that text, and the rest is still checked', () => {
    const pieces: string[] = [];
    const reader: XmlReader = { open: () => undefined, close: () => undefined, collecting: () => pieces.length === 0, text: (p) => pieces.push(p) };
    scanXml(`<a>${'z'.repeat(3 * CHUNK)}</a>`, reader);
    expect(pieces).toEqual(['z'.repeat(CHUNK)]);
    pieces.length = 0;
    expect(() => scanXml(`<a>${'z'.repeat(2 * CHUNK)}&bogus;</a>`, reader)).toThrow(ScanError);
  });
});
