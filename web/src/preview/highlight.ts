/**
 * Code coloured by highlight.js, loaded only when a code file is previewed, with the languages of
 * the extensions that are code. highlight.js escapes the text it wraps in its spans, so its output
 * is safe to put in the page.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scss from 'highlight.js/lib/languages/scss';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { LANGUAGE_OF_EXTENSION } from './code-languages';

const LANGUAGES = { bash, c, cpp, css, diff, go, ini, java, javascript, json, kotlin, python, ruby, rust, scss, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/** The text as HTML with coloured spans, in the language its extension names. */
export function highlightCode(text: string, extension: string): string {
  return hljs.highlight(text, { language: LANGUAGE_OF_EXTENSION[extension]!, ignoreIllegals: true }).value;
}
