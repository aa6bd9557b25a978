import { h, replace } from './dom.js';
import { signOut } from './api.js';
import * as session from './session.js';
import './components/time-chart.js';
import './components/bar-list.js';
import './components/copy-button.js';
import './pages/sign-in.js';
import './pages/overview.js';
import './pages/keys.js';
import './pages/teams.js';
import './pages/models.js';
import './pages/prices.js';
import './pages/usage.js';
import './pages/live.js';
import './pages/audit.js';
import './pages/activity.js';

const ROUTES = [
  { path: 'overview', title: 'Overview', tag: 'llm-overview-page' },
  { path: 'keys', title: 'Keys', tag: 'llm-keys-page' },
  { path: 'teams', title: 'Teams', tag: 'llm-teams-page' },
  { path: 'models', title: 'Models & routes', tag: 'llm-models-page' },
  { path: 'prices', title: 'Prices', tag: 'llm-prices-page' },
  { path: 'usage', title: 'Usage', tag: 'llm-usage-page' },
  { path: 'live', title: 'Live feed', tag: 'llm-live-page' },
  { path: 'audit', title: 'Audit', tag: 'llm-audit-page' },
  { path: 'activity', title: 'Admin activity', tag: 'llm-activity-page' },
];
const SIGN_IN = { path: 'sign-in', title: 'Sign in', tag: 'llm-sign-in-page' };

function currentPath() {
  const match = /^#\/([a-z-]+)/.exec(location.hash);
  return match ? match[1] : '';
}

export function navigate(path) {
  if (currentPath() === path) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = `#/${path}`;
}

class App extends HTMLElement {
  connectedCallback() {
    this.returnTo = null;
    this.notice = null;
    this.nav = h('nav', { class: 'nav', id: 'main-nav', 'aria-label': 'Main' });
    this.menuButton = h(
      'button',
      {
        type: 'button',
        class: 'menu-toggle',
        'aria-controls': 'main-nav',
        'aria-expanded': 'false',
        onclick: () => this.toggleMenu(),
      },
      'Menu',
    );
    this.user = h('div', { class: 'user' });
    this.headerEl = h(
      'header',
      { class: 'topbar' },
      h('a', { class: 'brand', href: '#/overview' }, 'LLM Proxy'),
      this.menuButton,
      this.nav,
      this.user,
    );
    this.view = h('main', { id: 'view', tabindex: '-1' });
    replace(this, this.headerEl, this.view);
    // the hash is the router's: the skip link moves focus instead of navigating
    const skip = document.querySelector('.skip-link');
    if (skip) {
      skip.addEventListener('click', (event) => {
        event.preventDefault();
        this.view.focus();
      });
    }
    session.onChange((current, reason) => this.sessionChanged(current, reason));
    window.addEventListener('hashchange', () => this.route());
    this.route();
  }

  toggleMenu(open) {
    const expanded = open ?? this.menuButton.getAttribute('aria-expanded') !== 'true';
    this.menuButton.setAttribute('aria-expanded', String(expanded));
    this.nav.classList.toggle('open', expanded);
  }

  sessionChanged(current, reason) {
    if (current) {
      const target = this.returnTo && this.returnTo !== SIGN_IN.path ? this.returnTo : 'overview';
      this.returnTo = null;
      navigate(target);
      return;
    }
    if (reason === 'refused' || reason === 'expired') {
      this.notice = 'Your session has ended. Sign in again to continue.';
      this.returnTo = currentPath() || 'overview';
    } else {
      this.notice = 'You are signed out.';
    }
    navigate(SIGN_IN.path);
  }

  renderChrome(active) {
    const signedIn = session.get();
    this.headerEl.classList.toggle('signed-out', !signedIn);
    replace(
      this.nav,
      signedIn
        ? h(
            'ul',
            null,
            ROUTES.map((r) =>
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    href: `#/${r.path}`,
                    'aria-current': r === active ? 'page' : null,
                    onclick: () => this.toggleMenu(false),
                  },
                  r.title,
                ),
              ),
            ),
          )
        : null,
    );
    replace(
      this.user,
      signedIn
        ? [
            h(
              'span',
              { class: 'who' },
              h('span', { class: 'username' }, signedIn.username),
              ' ',
              h('span', { class: `role role-${signedIn.role}` }, signedIn.role),
            ),
            h('button', { type: 'button', class: 'sign-out', onclick: () => signOut() }, 'Sign out'),
          ]
        : null,
    );
  }

  route() {
    const path = currentPath();
    let target = ROUTES.find((r) => r.path === path);
    if (!session.get()) {
      if (target) this.returnTo = target.path;
      target = SIGN_IN;
      if (path !== SIGN_IN.path) {
        history.replaceState(null, '', `#/${SIGN_IN.path}`);
      }
    } else if (!target) {
      target = ROUTES[0];
      history.replaceState(null, '', `#/${target.path}`);
    }
    this.renderChrome(target);
    const page = document.createElement(target.tag);
    if (target === SIGN_IN && this.notice) page.notice = this.notice;
    this.notice = null;
    replace(this.view, page);
    document.title = `${target.title} · LLM Proxy`;
    const heading = this.view.querySelector('h1');
    (heading || this.view).focus({ preventScroll: false });
  }
}

customElements.define('llm-app', App);
