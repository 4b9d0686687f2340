// The newsroom's toolbar editor: TipTap (js/vendor/editor/tiptap.js) over the body's Markdown. The
// textarea stays the form field: every change writes Markdown into it (so saving, autosave, the
// preview and a page without JavaScript all work the same), and "Markdown" shows it for editing.
// Pasted HTML is cleaned and turned into Markdown by the server (/newsroom/paste); pasted or
// dropped images go through the upload pipeline (/newsroom/media) and come back as Markdown.
(function () {
  var T = window.SamizdatTiptap;
  var textarea = document.getElementById('body');
  if (!T || !textarea) return;
  var form = textarea.form;
  var csrf = form.querySelector('input[name="_csrf"]');
  var label = document.querySelector('label[for="body"]');

  var wrap = document.createElement('div');
  wrap.className = 'rich-editor';
  var toolbar = document.createElement('div');
  toolbar.className = 'rich-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  var surface = document.createElement('div');
  surface.className = 'rich-surface';
  var status = document.createElement('p');
  status.className = 'rich-status';
  status.setAttribute('aria-live', 'polite');
  textarea.parentNode.insertBefore(wrap, textarea);
  wrap.appendChild(toolbar);
  wrap.appendChild(surface);
  wrap.appendChild(textarea);
  wrap.appendChild(status);

  // Markdown the visual editor cannot show faithfully (tables, raw HTML) opens as source.
  var unsupported = /^\s*\|.*\|\s*$|<[a-zA-Z!\/]/m;
  var writing = false;

  function post(url, data) {
    return fetch(url, {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: { 'X-CSRF-TOKEN': csrf ? csrf.value : '' }
    });
  }
  function say(text) { status.textContent = text || ''; }

  var editor = new T.Editor({
    element: surface,
    injectCSS: false,
    extensions: [
      T.StarterKit.configure({
        heading: { levels: [2, 3] },
        codeBlock: false,
        code: false,
        strike: false,
        underline: false,
        link: { openOnClick: false, autolink: false, linkOnPaste: true, HTMLAttributes: { rel: null, target: null, class: null } }
      }),
      T.Image.configure({ inline: false }),
      T.Markdown.configure({ html: false, tightLists: true, linkify: false, breaks: false, transformPastedText: true, transformCopiedText: true })
    ],
    content: textarea.value,
    editorProps: {
      attributes: {
        class: 'article-body rich-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Body',
        id: 'rich-body'
      },
      handlePaste: function (view, event) {
        var data = event.clipboardData;
        if (!data) return false;
        var files = imagesIn(data.files);
        if (files.length) { event.preventDefault(); files.forEach(upload); return true; }
        var html = data.getData('text/html');
        if (!html) return false;
        event.preventDefault();
        var plain = data.getData('text/plain');
        var body = new FormData();
        body.set('html', html);
        post('/newsroom/paste', body)
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (markdown) { editor.chain().focus().insertContent(markdown).run(); })
          .catch(function () { editor.chain().focus().insertContent(plain || '').run(); });
        return true;
      },
      handleDrop: function (view, event, slice, moved) {
        if (moved || !event.dataTransfer) return false;
        var files = imagesIn(event.dataTransfer.files);
        if (!files.length) return false;
        event.preventDefault();
        var at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (at) editor.commands.setTextSelection(at.pos);
        files.forEach(upload);
        return true;
      }
    },
    onUpdate: function () {
      writing = true;
      textarea.value = editor.storage.markdown.getMarkdown();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      writing = false;
      refresh();
    },
    onSelectionUpdate: function () { refresh(); }
  });

  function imagesIn(list) {
    var out = [];
    for (var i = 0; list && i < list.length; i++) {
      // Some browsers give a phone's HEIC photo no type: its name says what it is.
      if (/^image\//.test(list[i].type) || /\.hei[cf]$/i.test(list[i].name || '')) out.push(list[i]);
    }
    return out;
  }

  // Images: the server checks, strips and resizes; the editor then asks for a description.
  function upload(file) {
    var alt = window.prompt('Describe this image for readers who cannot see it (required before publishing):', '') || '';
    var data = new FormData();
    data.set('file', file, file.name || 'pasted-image');
    data.set('alt', alt);
    say('Uploading ' + (file.name || 'image') + '…');
    post('/newsroom/media', data)
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (res) {
        if (!res.ok) { say(res.json.error || 'The image was not accepted.'); return; }
        editor.chain().focus().setImage({ src: res.json.src, alt: res.json.alt }).run();
        say('Image added' + (res.json.alt ? '.' : ': add a description before publishing.'));
      })
      .catch(function () { say('The image did not upload: check the connection and try again.'); });
  }
  var picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';
  picker.hidden = true;
  picker.addEventListener('change', function () {
    imagesIn(picker.files).forEach(upload);
    picker.value = '';
  });
  wrap.appendChild(picker);

  function describe() {
    var current = editor.getAttributes('image').alt || '';
    var alt = window.prompt('Describe this image for readers who cannot see it:', current);
    if (alt !== null) editor.chain().focus().updateAttributes('image', { alt: alt.trim() }).run();
  }
  surface.addEventListener('dblclick', function (e) {
    if (e.target && e.target.tagName === 'IMG') { e.preventDefault(); describe(); }
  });

  function link() {
    var previous = editor.getAttributes('link').href || '';
    var url = window.prompt('Link address (leave empty to remove the link):', previous || 'https://');
    if (url === null) return;
    url = url.trim();
    if (!url || url === 'https://') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    }
  }

  var buttons = [
    { id: 'bold', label: 'B', title: 'Bold (Ctrl+B)', run: function (c) { return c.toggleBold(); }, active: 'bold' },
    { id: 'italic', label: 'I', title: 'Italic (Ctrl+I)', run: function (c) { return c.toggleItalic(); }, active: 'italic' },
    { id: 'link', label: 'Link', title: 'Link (Ctrl+K)', action: link, active: 'link' },
    { id: 'h2', label: 'H2', title: 'Heading (Ctrl+Alt+2)', run: function (c) { return c.toggleHeading({ level: 2 }); }, active: ['heading', { level: 2 }] },
    { id: 'h3', label: 'H3', title: 'Subheading (Ctrl+Alt+3)', run: function (c) { return c.toggleHeading({ level: 3 }); }, active: ['heading', { level: 3 }] },
    { id: 'quote', label: '“ ”', title: 'Quote (Ctrl+Shift+B)', run: function (c) { return c.toggleBlockquote(); }, active: 'blockquote' },
    { id: 'bullets', label: '• List', title: 'Bulleted list (Ctrl+Shift+8)', run: function (c) { return c.toggleBulletList(); }, active: 'bulletList' },
    { id: 'numbers', label: '1. List', title: 'Numbered list (Ctrl+Shift+7)', run: function (c) { return c.toggleOrderedList(); }, active: 'orderedList' },
    { id: 'image', label: 'Image', title: 'Insert an image (or paste or drop one); on a chosen image: its description', action: function () { if (editor.isActive('image')) describe(); else picker.click(); } },
    { id: 'divider', label: '—', title: 'Divider', run: function (c) { return c.setHorizontalRule(); } },
    { id: 'undo', label: '↶', title: 'Undo (Ctrl+Z)', run: function (c) { return c.undo(); } },
    { id: 'redo', label: '↷', title: 'Redo (Ctrl+Shift+Z)', run: function (c) { return c.redo(); } }
  ];
  var elements = {};
  buttons.forEach(function (b) {
    var el = document.createElement('button');
    el.type = 'button';
    el.id = 'tb-' + b.id;
    el.textContent = b.label;
    el.title = b.title;
    el.setAttribute('aria-label', b.title);
    if (b.active) el.setAttribute('aria-pressed', 'false');
    el.addEventListener('mousedown', function (e) { e.preventDefault(); });
    el.addEventListener('click', function () {
      if (b.action) b.action();
      else b.run(editor.chain().focus()).run();
    });
    toolbar.appendChild(el);
    elements[b.id] = el;
  });
  var source = document.createElement('button');
  source.type = 'button';
  source.id = 'tb-source';
  source.className = 'rich-source';
  // The switch names where it leads: someone who opened the source by accident sees the way back.
  function sourceLabel(on) {
    source.textContent = on ? 'Back to formatting' : 'Markdown';
    source.title = on ? 'Leave the Markdown source and format with the toolbar again' : 'Edit the Markdown source';
  }
  sourceLabel(false);
  toolbar.appendChild(source);

  function refresh() {
    buttons.forEach(function (b) {
      if (!b.active) return;
      var on = Array.isArray(b.active) ? editor.isActive(b.active[0], b.active[1]) : editor.isActive(b.active);
      elements[b.id].setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    elements.undo.disabled = !editor.can().undo();
    elements.redo.disabled = !editor.can().redo();
  }

  var sourceMode = false;
  function setSource(on) {
    sourceMode = on;
    if (!on) editor.commands.setContent(textarea.value, { emitUpdate: false });
    textarea.hidden = !on;
    surface.hidden = on;
    sourceLabel(on);
    buttons.forEach(function (b) { elements[b.id].disabled = on; });
    if (label) label.textContent = on ? 'Body (Markdown)' : 'Body';
    if (!on) refresh();
    wrap.classList.toggle('source-mode', on);
  }
  source.addEventListener('click', function () { setSource(!sourceMode); (sourceMode ? textarea : editor.view.dom).focus(); });

  // Text put into the textarea from elsewhere (recovery after a crash): show it.
  textarea.addEventListener('input', function () {
    if (!writing && !sourceMode) editor.commands.setContent(textarea.value, { emitUpdate: false });
  });
  surface.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) { e.preventDefault(); link(); }
  });
  if (label) label.addEventListener('click', function (e) { if (!sourceMode) { e.preventDefault(); editor.commands.focus(); } });

  if (unsupported.test(textarea.value)) {
    setSource(true);
    say('This text has a table or HTML the visual editor cannot show: it opens as Markdown.');
  } else {
    setSource(false);
  }
})();
