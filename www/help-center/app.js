// The demo Help Center: a small client-side-routed app with the URL shapes of a Gorgias Help
// Center (`/{locale}`, `/{locale}/articles`, `/{locale}/{slug}-{id}`), so the widget can be
// exercised against the same History API navigation it meets in production.
"use strict";

(function () {
  const content = window.HELP_CENTER_CONTENT;
  const localeCodes = Object.keys(content.locales);
  const main = document.getElementById("hc-main");

  /** Reads a server-substituted placeholder from a meta tag; empty when it was not substituted. */
  function meta(name) {
    const el = document.querySelector(`meta[name="${name}"]`);
    const value = el ? el.getAttribute("content") || "" : "";
    return value.startsWith("__") ? "" : value;
  }

  /** Finds the supported locale matching a URL segment, ignoring case (`en-us` → `en-US`). */
  function matchLocale(segment) {
    if (!segment) return null;
    return localeCodes.find((code) => code.toLowerCase() === segment.toLowerCase()) || null;
  }

  /** Picks a start locale for `/` from the browser's languages, else the default. */
  function preferredLocale() {
    for (const lang of navigator.languages || []) {
      const primary = lang.toLowerCase().split("-")[0];
      const hit = localeCodes.find((code) => code.toLowerCase().split("-")[0] === primary);
      if (hit) return hit;
    }
    return content.defaultLocale;
  }

  function articlePath(locale, id) {
    return `/${locale}/${content.locales[locale].articles[id].slug}-${id}`;
  }

  function categoryPath(locale, id) {
    return `/${locale}/articles/${content.locales[locale].categories[id].slug}-${id}`;
  }

  /**
   * Turns a path into a route. Ids decide, slugs do not: a stale or foreign-language slug still
   * finds the article, and the URL is then corrected to the canonical one.
   */
  function parseRoute(pathname) {
    const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (segments.length === 0) return { page: "root" };
    const locale = matchLocale(segments[0]);
    if (!locale) return { page: "not-found", locale: content.defaultLocale };
    const rest = segments.slice(1);
    const articles = content.locales[locale].articles;
    const categories = content.locales[locale].categories;
    const idOf = (s) => {
      const m = /-(\d+)$/.exec(s) || /^(\d+)$/.exec(s);
      return m ? m[1] : null;
    };
    if (rest.length === 0) return { page: "home", locale };
    if (rest.length === 1 && rest[0] === "articles") return { page: "articles", locale };
    if (rest.length === 1) {
      const id = idOf(rest[0]);
      if (id && articles[id]) return { page: "article", locale, id };
    }
    if (rest.length === 2 && rest[0] === "articles") {
      const id = idOf(rest[1]);
      if (id && categories[id]) return { page: "category", locale, id };
      if (id && articles[id]) return { page: "article", locale, id };
    }
    return { page: "not-found", locale };
  }

  function canonicalPath(route) {
    switch (route.page) {
      case "home":
        return `/${route.locale}`;
      case "articles":
        return `/${route.locale}/articles`;
      case "article":
        return articlePath(route.locale, route.id);
      case "category":
        return categoryPath(route.locale, route.id);
      default:
        return null;
    }
  }

  /** Small DOM builder; text always goes in through textContent. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function articleCard(locale, id) {
    const a = content.locales[locale].articles[id];
    return el(
      "li",
      { class: "article-item" },
      el(
        "a",
        { href: articlePath(locale, id), "data-testid": "hc-article-link", "data-article-id": id },
        el("span", { class: "article-item-title", text: a.title }),
        el("span", { class: "article-item-excerpt", text: a.excerpt }),
      ),
    );
  }

  /** A list of articles plus a search box that filters it client-side. */
  function searchableList(locale, ids, heading) {
    const ui = content.locales[locale].ui;
    const input = el("input", {
      type: "search",
      id: "hc-search",
      "data-testid": "hc-search",
      placeholder: ui.searchPlaceholder,
      "aria-label": ui.searchLabel,
      autocomplete: "off",
    });
    const list = el("ul", { class: "article-list", id: "hc-article-list", "data-testid": "hc-article-list" });
    const empty = el("p", { class: "empty", id: "hc-no-results", "data-testid": "hc-no-results", text: ui.noResults, hidden: true });
    const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    const render = () => {
      const query = fold(input.value.trim());
      list.replaceChildren();
      for (const id of ids) {
        const a = content.locales[locale].articles[id];
        const haystack = fold([a.title, a.excerpt, ...a.body.flatMap((b) => b.ul || [b.p || b.h || ""])].join(" "));
        if (!query || query.split(/\s+/).every((word) => haystack.includes(word))) list.append(articleCard(locale, id));
      }
      empty.hidden = list.children.length > 0;
    };
    input.addEventListener("input", render);
    render();
    const searchBox = el("div", { class: "search-box", role: "search" }, input);
    return { searchBox, section: el("section", { class: "list-section" }, heading ? el("h2", { text: heading }) : null, list, empty) };
  }

  function breadcrumb(locale, trail) {
    const ui = content.locales[locale].ui;
    const nav = el("nav", { class: "breadcrumb", "aria-label": "Breadcrumb", "data-testid": "hc-breadcrumb" });
    const items = [[ui.home, `/${locale}`], ...trail];
    items.forEach(([label, href], i) => {
      if (i > 0) nav.append(el("span", { class: "sep", "aria-hidden": "true", text: "›" }));
      nav.append(href ? el("a", { href, text: label }) : el("span", { "aria-current": "page", text: label }));
    });
    return nav;
  }

  function renderHome(locale) {
    const data = content.locales[locale];
    const ids = Object.keys(data.articles);
    const { searchBox, section } = searchableList(locale, ids, data.ui.popular);
    const hero = el(
      "section",
      { class: "hero" },
      el("div", { class: "wrap" }, el("h1", { id: "hc-title", text: data.ui.heroTitle }), el("p", { text: data.ui.heroText }), searchBox),
    );
    const cats = el("ul", { class: "category-grid", "data-testid": "hc-category-list" });
    for (const [id, cat] of Object.entries(data.categories)) {
      const count = ids.filter((a) => String(data.articles[a].category) === id).length;
      cats.append(
        el(
          "li",
          {},
          el(
            "a",
            { href: categoryPath(locale, id), class: "category-card", "data-testid": "hc-category-link", "data-category-id": id },
            el("span", { class: "category-title", text: cat.title }),
            el("span", { class: "category-text", text: cat.text }),
            el("span", { class: "category-count", text: data.ui.articleCount(count) }),
          ),
        ),
      );
    }
    return [hero, el("div", { class: "wrap" }, el("section", {}, el("h2", { text: data.ui.categories }), cats), section)];
  }

  function renderArticles(locale) {
    const data = content.locales[locale];
    const { searchBox, section } = searchableList(locale, Object.keys(data.articles), null);
    return [
      el(
        "div",
        { class: "wrap page" },
        breadcrumb(locale, [[data.ui.allArticles, null]]),
        el("h1", { id: "hc-title", text: data.ui.allArticles }),
        searchBox,
        section,
      ),
    ];
  }

  function renderCategory(locale, id) {
    const data = content.locales[locale];
    const cat = data.categories[id];
    const ids = Object.keys(data.articles).filter((a) => String(data.articles[a].category) === String(id));
    const { searchBox, section } = searchableList(locale, ids, null);
    return [
      el(
        "div",
        { class: "wrap page" },
        breadcrumb(locale, [[data.ui.allArticles, `/${locale}/articles`], [cat.title, null]]),
        el("h1", { id: "hc-title", text: cat.title }),
        el("p", { class: "lead", text: cat.text }),
        searchBox,
        section,
      ),
    ];
  }

  function renderArticle(locale, id) {
    const data = content.locales[locale];
    const a = data.articles[id];
    const body = el("div", { class: "article-body", id: "hc-article-body", "data-testid": "hc-article-body" });
    for (const block of a.body) {
      if (block.h) body.append(el("h2", { text: block.h }));
      if (block.p) body.append(el("p", { text: block.p }));
      if (block.ul) body.append(el("ul", {}, ...block.ul.map((item) => el("li", { text: item }))));
    }
    const date = new Date(`${a.updated}T12:00:00Z`).toLocaleDateString(locale, { year: "numeric", month: "long", day: "numeric" });
    const related = Object.keys(data.articles).filter((o) => o !== String(id) && data.articles[o].category === a.category);
    return [
      el(
        "div",
        { class: "wrap page" },
        breadcrumb(locale, [[data.categories[a.category].title, categoryPath(locale, a.category)], [a.title, null]]),
        el(
          "article",
          { class: "article", "data-article-id": id },
          el("h1", { id: "hc-title", "data-testid": "hc-article-title", text: a.title }),
          el("p", { class: "meta", text: `${data.ui.updated} ${date}` }),
          body,
        ),
        // The tile lands wherever the widget decides; this slot is where a merchant would point
        // `data-target` if they wanted it inside the article.
        el("div", { id: "resolve-tile-slot", class: "tile-slot" }),
        related.length
          ? el("section", { class: "list-section" }, el("h2", { text: data.ui.related }), el("ul", { class: "article-list" }, ...related.map((r) => articleCard(locale, r))))
          : null,
      ),
    ];
  }

  function renderNotFound(locale) {
    const ui = content.locales[locale].ui;
    return [
      el(
        "div",
        { class: "wrap page" },
        el("h1", { id: "hc-title", text: ui.notFoundTitle }),
        el("p", { text: ui.notFoundText }),
        el("p", {}, el("a", { href: `/${locale}/articles`, text: ui.allArticles }), " · ", el("a", { href: `/${locale}`, text: ui.home })),
      ),
    ];
  }

  /** Builds the URL of the current page in another locale, keeping the same article or category. */
  function pathInLocale(route, locale) {
    const moved = { ...route, locale };
    return canonicalPath(moved) || `/${locale}`;
  }

  function updateChrome(route) {
    const locale = route.locale;
    const data = content.locales[locale];
    const ui = data.ui;
    document.documentElement.lang = locale;
    document.getElementById("hc-brand-sub").textContent = ui.helpCenter;
    const home = document.getElementById("hc-home-link");
    home.setAttribute("href", `/${locale}`);
    const all = document.getElementById("hc-all-articles-link");
    all.setAttribute("href", `/${locale}/articles`);
    all.textContent = ui.allArticles;
    document.getElementById("hc-locale-label").textContent = ui.language;
    document.getElementById("hc-demo-text").textContent = ui.demoBanner;
    document.getElementById("hc-portal-link").textContent = ui.portal;
    document.getElementById("hc-standin-link").textContent = ui.tickets;
    document.getElementById("hc-footer-contact").textContent = ui.contact;
    document.getElementById("hc-footer-rights").textContent = `© ${new Date().getFullYear()} ${ui.rights}`;
    const switcher = document.getElementById("hc-locale-switcher");
    switcher.setAttribute("aria-label", ui.language);
    switcher.value = locale;
  }

  let currentRoute = null;

  /** Renders the page for the current URL; `focus` moves focus to the new page after navigation. */
  function render(focus) {
    let route = parseRoute(location.pathname);
    if (route.page === "root") {
      route = { page: "home", locale: preferredLocale() };
    }
    const canonical = canonicalPath(route);
    if (canonical && canonical !== location.pathname) {
      history.replaceState(history.state, "", canonical + location.search + location.hash);
    }
    currentRoute = route;
    updateChrome(route);
    const nodes =
      route.page === "home"
        ? renderHome(route.locale)
        : route.page === "articles"
          ? renderArticles(route.locale)
          : route.page === "category"
            ? renderCategory(route.locale, route.id)
            : route.page === "article"
              ? renderArticle(route.locale, route.id)
              : renderNotFound(route.locale);
    main.replaceChildren(...nodes);
    main.dataset.page = route.page;
    main.dataset.locale = route.locale;
    const title = document.getElementById("hc-title");
    document.title = `${title ? title.textContent + " – " : ""}${content.shopName} ${content.locales[route.locale].ui.helpCenter}`;
    if (focus) {
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    }
  }

  function navigate(path) {
    if (path === location.pathname + location.search) return;
    history.pushState({}, "", path);
    render(true);
  }

  // Same-origin links navigate in place, as in Gorgias; external ones and modified clicks
  // (new tab, download) keep the browser's behaviour.
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.hasAttribute("data-external") || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });

  window.addEventListener("popstate", () => render(true));

  const switcher = document.getElementById("hc-locale-switcher");
  for (const code of localeCodes) {
    switcher.append(el("option", { value: code, text: content.locales[code].label, lang: code }));
  }
  switcher.addEventListener("change", () => {
    if (currentRoute) navigate(pathInLocale(currentRoute, switcher.value));
  });

  // The banner links are only as good as the placeholders the server filled in.
  const portal = document.getElementById("hc-portal-link");
  const publicUrl = meta("resolve-public-url");
  if (publicUrl) portal.href = `${publicUrl}/portal/`;
  else portal.hidden = true;
  const standin = meta("resolve-standin-url");
  const standinLink = document.getElementById("hc-standin-link");
  if (standin) standinLink.href = standin;
  else standinLink.hidden = true;

  render(false);
})();
