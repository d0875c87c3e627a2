// The editor and what Ctrl+Space completes, from this server only (Yasqe's prefix.cc and LOV
// completers would go online): the predeclared prefixes, the graph's classes and properties, and
// entities by their name — type a few words of a title or label (社区工作者, community workers) and
// Ctrl+Space offers the entities that have them, as WDQS completes wd:Douglas.

export function compact(prefixes, iri) {
  let best = null;
  for (const [name, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri !== ns && (!best || ns.length > best[1].length)) best = [name, ns];
  }
  return best && /^[\w.-]*$/.test(iri.slice(best[1].length)) ? best[0] + ":" + iri.slice(best[1].length) : null;
}

export function setUpEditor(wb, textarea) {
  const Yasqe = window.Yasqe && (window.Yasqe.default || window.Yasqe.Yasqe || window.Yasqe);
  if (!Yasqe) return null;
  const prefixes = wb.data.prefixes;
  const termCandidates = (iris) => iris.flatMap((iri) => [iri, compact(prefixes, iri)].filter(Boolean));
  const finishIri = (yasqe, token, suggestion) => {
    if (!/^https?:/.test(suggestion)) return suggestion;  // already compact (pl:Plan)
    if (token.tokenPrefix && token.tokenPrefixUri && suggestion.startsWith(token.tokenPrefixUri)) {
      return token.tokenPrefix + suggestion.slice(token.tokenPrefixUri.length);
    }
    return compact(prefixes, suggestion) || "<" + suggestion + ">";
  };
  const ownPrefixes = Object.entries(prefixes).map(([name, ns]) => `${name}: <${ns}>`);
  Yasqe.forkAutocompleter("prefixes", {name: "planlink-prefixes", persistenceId: null,
                                       get: () => Promise.resolve(ownPrefixes)}, false);
  for (const kind of ["class", "property"]) {
    Yasqe.forkAutocompleter(kind, {
      name: "planlink-" + kind, bulk: true, autoShow: false, persistenceId: null,
      get: () => termCandidates(wb.data.vocabulary[kind] || []), postProcessSuggestion: finishIri,
    }, false);
  }
  Yasqe.registerAutocompleter(entityCompleter(wb, Yasqe), false);

  const holder = document.createElement("div");
  holder.className = "yasqe-holder";
  textarea.hidden = true;
  textarea.parentNode.insertBefore(holder, textarea);
  const editor = new Yasqe(holder, {
    value: "", persistenceId: null, showQueryButton: false, createShareableLink: null,
    consumeShareLink: null, resizeable: true, editorHeight: "20em",
    autocompleters: [...OTHERS, "planlink-entities"],
  });
  // The predeclared prefixes count as declared for Yasqe's own check and completion, as they do on
  // the server (its mode starts every parse with no prefixes; seed them).
  const mode = editor.getMode();
  const startState = mode.startState;
  mode.startState = function () {
    const state = startState.apply(this, arguments);
    Object.assign(state.prefixes, prefixes);
    return state;
  };
  // Yasqe's hint ("Press CTRL - <spacebar> to autocomplete") in the page's language
  const notify = editor.showNotification.bind(editor);
  editor.showNotification = (key) => notify(key, wb.say("wb_ctrl_space"));
  editor.setValue(textarea.value);
  editor.getInputField().setAttribute("aria-label", "SPARQL");
  editor.on("change", () => { textarea.value = editor.getValue(); });
  return editor;
}

// ------------------------------------------------------------ entities by their name

const STOP = /[\s{}()<>;,."'?$]/;  // what ends the words being completed
// Yasqe asks every completer and shows the last one's hints: entities only where no other applies
const OTHERS = ["planlink-prefixes", "variables", "planlink-class", "planlink-property"];

function wordsBeforeCursor(yasqe) {
  const cursor = yasqe.getDoc().getCursor();
  const line = yasqe.getDoc().getLine(cursor.line).slice(0, cursor.ch);
  let start = line.length;
  while (start > 0 && !STOP.test(line[start - 1])) start--;
  return {text: line.slice(start), start, end: cursor.ch};
}

function entityCompleter(wb, Yasqe) {
  const names = new Map();  // the text a hint inserts → how the hint reads
  return {
    name: "planlink-entities", bulk: false, autoShow: false, persistenceId: null,
    isValidCompletionPosition(yasqe) {
      const words = wordsBeforeCursor(yasqe).text;
      return words.length >= 2 && !words.includes(":") &&  // a prefixed name is the terms' completers'
        !OTHERS.some((name) => Yasqe.Autocompleters[name] && Yasqe.Autocompleters[name].isValidCompletionPosition(yasqe));
    },
    preProcessToken(yasqe, token) {
      const words = wordsBeforeCursor(yasqe);
      return {...token, string: words.text, autocompletionString: words.text,
              from: {ch: words.start}, to: {ch: words.end}};
    },
    async get(yasqe, token) {
      const response = await fetch("/api/v1/search?limit=20&q=" + encodeURIComponent(token.autocompletionString),
                                   {headers: {Accept: "application/json"}});
      if (!response.ok) return [];
      const items = (await response.json()).items;
      for (const item of items) {
        const english = wb.en && item.snippet && !/[\u3400-\u9fff]/.test(item.snippet);
        const name = english ? item.snippet.replace(/^…|…$/g, "") : (item.title || item.snippet || item.id);
        names.set("<" + item.iri + ">", `${name.slice(0, 80)} · ${item.type} · ${item.id}`);
      }
      return items.map((item) => item.iri);
    },
    postProcessSuggestion: (yasqe, token, iri) => "<" + iri + ">",
    postprocessHints: (yasqe, hints) => hints.map((hint) => ({...hint, displayText: names.get(hint.text) || hint.text})),
  };
}
