// diwan: copy buttons for the suggested citations, and a "cite" control on every passage that has
// an anchor (issue 14). Runs under the page's Content-Security-Policy by its hash; reads only
// this page (the JSON in #diwan-cite-data and the <template>s), sends nothing anywhere.
(() => {
  'use strict';
  const dataNode = document.getElementById('diwan-cite-data');
  if (!dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  const FSI = '\u2068';
  const PDI = '\u2069';
  // The text of a citation, right-to-left runs (<bdi>) between FSI and PDI so that they keep their place when pasted.
  const plain = (node) => {
    let s = '';
    for (const n of node.childNodes) {
      if (n.nodeType === 3) s += n.data;
      else if (n.nodeType === 1) s += n.localName === 'bdi' ? FSI + plain(n) + PDI : plain(n);
    }
    return s.replace(/\s+/g, ' ').trim();
  };
  const copy = async (node, button) => {
    const text = plain(node);
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      // No clipboard (a page opened from a file, a refusal): select the text for Ctrl-C.
      const range = document.createRange();
      range.selectNodeContents(node);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = 'Selected: press Ctrl-C';
    }
    button.dataset.copied = text;
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 4000);
  };
  const copyButton = (target, label) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'cite-copy';
    b.textContent = 'Copy';
    b.setAttribute('aria-label', `Copy the ${label} citation`);
    b.addEventListener('click', () => copy(target, b));
    return b;
  };
  for (const node of document.querySelectorAll('[data-cite-copy]')) node.after(' ', copyButton(node, node.dataset.citeCopy));

  // The passage's address: the edition's own, else this page's when it is on the web.
  const page = /^https?:$/.test(location.protocol) ? location.href.split('#')[0] : null;
  const base = data.base || page;
  const panelFor = (unit) => {
    const panel = document.createElement('div');
    panel.className = 'cite-panel';
    panel.id = `cite-panel-${unit.anchor}`;
    panel.setAttribute('role', 'group');
    panel.setAttribute('aria-label', `Citations of ${unit.label}`);
    panel.lang = 'en';
    panel.dir = 'ltr';
    for (const style of data.styles) {
      const template = document.getElementById(`cite-t-${style.key}-${unit.kind}-${base ? 'url' : 'plain'}`);
      if (!template) continue;
      const body = template.content.cloneNode(true);
      for (const slot of body.querySelectorAll('[data-slot="locator"]')) slot.textContent = unit.locator;
      for (const slot of body.querySelectorAll('[data-slot="url"]')) {
        const url = `${base}#${encodeURIComponent(unit.anchor)}`;
        slot.href = url;
        slot.textContent = url;
      }
      const row = document.createElement('div');
      row.className = 'cite-row';
      row.dataset.style = style.key;
      const name = document.createElement('span');
      name.className = 'cite-style-name';
      name.textContent = style.label;
      row.append(name, ' ');
      const primary = body.querySelector('.cite-primary');
      row.append(body);
      primary.after(' ', copyButton(primary, style.label));
      panel.append(row);
    }
    return panel;
  };
  for (const unit of data.units) {
    const el = document.getElementById(unit.anchor);
    if (!el) continue;
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'cite-open';
    open.lang = 'en';
    open.textContent = 'cite';
    open.setAttribute('aria-expanded', 'false');
    open.setAttribute('aria-label', `Cite ${unit.label}`);
    let panel = null;
    open.addEventListener('click', () => {
      if (panel) {
        panel.remove();
        panel = null;
        open.setAttribute('aria-expanded', 'false');
        return;
      }
      panel = panelFor(unit);
      el.after(panel);
      open.setAttribute('aria-expanded', 'true');
      open.setAttribute('aria-controls', panel.id);
    });
    el.append(open);
  }
})();
