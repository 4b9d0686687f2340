// Third-party code only: TipTap (ProseMirror) with the extensions the newsroom uses and Markdown
// reading/writing. Our own glue is in static/js/editor.js, readable and unbundled.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { Markdown } from 'tiptap-markdown';

window.SamizdatTiptap = { Editor, StarterKit, Image, Markdown };
