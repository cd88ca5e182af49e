/**
 * The API reference as one server-rendered HTML page, made from the same OpenAPI document that
 * `/api/v1/openapi.json` serves: no script, no fonts or styles from elsewhere, readable offline
 * and on a phone, with its introduction and labels in Chinese or English.
 */
type Json = Record<string, unknown>;
type Lang = 'zh-CN' | 'en';

const labels = {
  'zh-CN': {
    title: 'AidTrail API 参考',
    other: 'English',
    contents: '目录',
    parameters: '参数',
    body: '请求正文',
    responses: '响应',
    name: '名称',
    in: '位置',
    type: '类型',
    required: '必填',
    description: '说明',
    yes: '是',
    oneOf: '以下之一',
    raw: '机器可读的 OpenAPI 3.1 文档',
    intro: [
      'AidTrail 是一个可核验的医疗慈善公开账本：每一笔捐赠及其后的每一次流转都记录在只增不改的日志中。本页列出全部接口，内容由服务器用于校验请求的同一套模式生成。',
      '<strong>读取</strong>全部公开、无需令牌，返回 JSON；列表按游标分页（<code>limit</code>、<code>cursor</code>，答复中的 <code>nextCursor</code>），顺序稳定。每个答复带 <code>ETag</code>，可用 <code>If-None-Match</code> 得到 304。',
      '<strong>写入</strong>（<code>POST /api/v1/events</code>）需要机构的 API 令牌（<code>Authorization: Bearer …</code>），机构只能以自身名义记录事件；带 <code>Idempotency-Key</code> 的重试不会重复写入。',
      '<strong>错误</strong>均为 RFC 9457 <code>application/problem+json</code>：稳定的 <code>type</code>、可读的 <code>detail</code> 和出错字段路径。4xx 表示请求有误且未写入任何内容。',
      '<strong>单位</strong>：金额为整数最小货币单位（分）并注明 ISO 4217 币种；物资数量为目录物品计量单位的整数。说明文字为英文。',
    ],
  },
  en: {
    title: 'AidTrail API reference',
    other: '中文',
    contents: 'Contents',
    parameters: 'Parameters',
    body: 'Request body',
    responses: 'Responses',
    name: 'Name',
    in: 'In',
    type: 'Type',
    required: 'Required',
    description: 'Description',
    yes: 'yes',
    oneOf: 'one of',
    raw: 'The machine-readable OpenAPI 3.1 document',
    intro: [
      'AidTrail is a verifiable public ledger of medical charity: every donation and every move after it is recorded in an append-only log. This page lists every endpoint, generated from the same schemas the server validates requests with.',
      '<strong>Reads</strong> are public and need no token; they answer JSON. Lists page with a cursor (<code>limit</code>, <code>cursor</code>, and <code>nextCursor</code> in the answer) in a stable order. Every answer carries an <code>ETag</code>; <code>If-None-Match</code> gets a 304.',
      '<strong>Writes</strong> (<code>POST /api/v1/events</code>) need an organization API token (<code>Authorization: Bearer …</code>); an organization records events only as itself, and a retry with the same <code>Idempotency-Key</code> writes nothing twice.',
      '<strong>Errors</strong> are RFC 9457 <code>application/problem+json</code> with a stable <code>type</code>, a human <code>detail</code> and the offending field paths. A 4xx means the request was refused and nothing was written.',
      '<strong>Units</strong>: money is integer minor units (fen) with an ISO 4217 currency; goods are integer quantities in the catalogue item’s unit.',
    ],
  },
} as const;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Descriptions are plain text with `code` spans and blank-line paragraphs. */
const prose = (s: string | undefined) =>
  (s ?? '')
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escape(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');

const anchor = (method: string, path: string) =>
  `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');

function resolve(doc: Json, schema: Json | undefined): Json {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema ?? {};
  const name = ref.split('/').pop()!;
  return ((doc.components as Json)?.schemas as Json)?.[name] as Json;
}

function typeOf(doc: Json, raw: Json): string {
  const s = resolve(doc, raw);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === 'array') return `${typeOf(doc, (s.items as Json) ?? {})}[]`;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map((a) => typeOf(doc, a)).join(' | ');
  const bounds = [
    s.format,
    s.minimum !== undefined ? `≥ ${s.minimum}` : undefined,
    s.maximum !== undefined ? `≤ ${s.maximum}` : undefined,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : undefined,
  ].filter(Boolean);
  const type = Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? (s.oneOf ? 'object' : 'any'));
  return bounds.length ? `${type} (${bounds.join(', ')})` : type;
}

/** An object's fields as nested rows; a oneOf as one titled block per alternative. */
function fields(doc: Json, raw: Json, lang: Lang, depth = 0): string {
  const s = resolve(doc, raw);
  const l = labels[lang];
  if (Array.isArray(s.oneOf)) {
    return `<p class="muted">${l.oneOf}:</p>${(s.oneOf as Json[])
      .map((alt) => {
        const a = resolve(doc, alt);
        const kind = (a.properties as Json | undefined)?.type as Json | undefined;
        const title =
          (Array.isArray(kind?.enum) ? String(kind.enum[0]) : undefined) ?? String(a.title ?? typeOf(doc, a));
        return `<details><summary><code>${escape(title)}</code></summary>${fields(doc, a, lang, depth + 1)}</details>`;
      })
      .join('')}`;
  }
  if (s.type === 'array' && depth < 4) return fields(doc, (s.items as Json) ?? {}, lang, depth);
  const props = s.properties as Record<string, Json> | undefined;
  if (!props || depth > 4) return '';
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(props).map(([name, p]) => {
    const inner = resolve(doc, p);
    const nested =
      inner.properties ||
      inner.oneOf ||
      (inner.type === 'array' && resolve(doc, inner.items as Json).properties)
        ? fields(doc, inner, lang, depth + 1)
        : '';
    return `<tr><td><code>${escape(name)}</code></td><td>${escape(typeOf(doc, p))}</td><td>${
      required.has(name) ? l.yes : ''
    }</td><td>${prose(String(inner.description ?? p.description ?? ''))}${nested}</td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>${l.name}</th><th>${l.type}</th><th>${l.required}</th><th>${l.description}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function operation(doc: Json, path: string, method: string, op: Json, lang: Lang): string {
  const l = labels[lang];
  const params = (op.parameters as Json[] | undefined) ?? [];
  const paramRows = params
    .map(
      (p) =>
        `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}</td><td>${escape(
          typeOf(doc, (p.schema as Json) ?? {}),
        )}</td><td>${p.required ? l.yes : ''}</td><td>${prose(String(p.description ?? ''))}</td></tr>`,
    )
    .join('');
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as
    | Json
    | undefined;
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {})
    .map(
      ([status, r]) =>
        `<li><strong>${escape(status)}</strong> ${escape(String(r.description ?? ''))} <span class="muted">${escape(
          Object.keys((r.content as Json | undefined) ?? {}).join(', '),
        )}</span></li>`,
    )
    .join('');
  return `<section class="op" id="${anchor(method, path)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p class="summary">${escape(String(op.summary ?? ''))}</p>${prose(op.description as string | undefined)}
${paramRows ? `<h4>${l.parameters}</h4><div class="scroll"><table><thead><tr><th>${l.name}</th><th>${l.in}</th><th>${l.type}</th><th>${l.required}</th><th>${l.description}</th></tr></thead><tbody>${paramRows}</tbody></table></div>` : ''}
${body ? `<h4>${l.body}</h4>${fields(doc, (body.schema as Json) ?? {}, lang)}` : ''}
<h4>${l.responses}</h4><ul>${responses}</ul>
</section>`;
}

export function renderReferencePage(doc: Json, lang: Lang): string {
  const l = labels[lang];
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, methods] of Object.entries((doc.paths as Record<string, Record<string, Json>>) ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = String((op.tags as string[] | undefined)?.[0] ?? 'Other');
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(doc, path, method, op, lang)]);
      toc.set(tag, [
        ...(toc.get(tag) ?? []),
        `<li><a href="#${anchor(method, path)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escape(path)}</a></li>`,
      ]);
    }
  }
  const sections = [...byTag].map(
    ([tag, ops]) => `<h2 id="tag-${escape(tag.replace(/\W+/g, '-'))}">${escape(tag)}</h2>${ops.join('')}`,
  );
  const contents = [...toc]
    .map(
      ([tag, items]) =>
        `<li><a href="#tag-${escape(tag.replace(/\W+/g, '-'))}">${escape(tag)}</a><ul>${items.join('')}</ul></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${l.title}</title>
<style>
body{font:16px/1.6 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;color:#1a1a1a;margin:0;background:#fff}
main{max-width:62rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
code{font:0.9em ui-monospace,monospace;background:#f2f2f2;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-top:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}.muted{color:#555}.summary{font-weight:600}
.op{border-top:2px solid #ccc;padding-top:.5rem;margin-top:1.5rem}
.method{display:inline-block;min-width:3.5em;font:700 .8rem ui-monospace,monospace;padding:.1em .4em;border-radius:3px;background:#1f5f99;color:#fff;text-align:center}
.method.post{background:#1d6b3a}
nav ul{padding-left:1.2rem}details{margin:.3rem 0}summary{cursor:pointer}
a{color:#0b57a4}
td:first-child code{white-space:nowrap}
@media (max-width:40rem){.scroll table,.scroll tbody,.scroll tr,.scroll td{display:block}.scroll thead{display:none}.scroll td{border:0;padding:.1rem 0}.scroll tr{border-top:1px solid #ddd;padding:.4rem 0}.scroll td:empty{display:none}}
</style></head>
<body><main>
<header><h1>${l.title}</h1><p><a href="?lang=${lang === 'en' ? 'zh-CN' : 'en'}" hreflang="${lang === 'en' ? 'zh-CN' : 'en'}">${l.other}</a> · <a href="/api/v1/openapi.json">${l.raw}</a></p></header>
${l.intro.map((p) => `<p>${p}</p>`).join('')}
<nav aria-label="${l.contents}"><h2>${l.contents}</h2><ul>${contents}</ul></nav>
${sections.join('\n')}
</main></body></html>`;
}
