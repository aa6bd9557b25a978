import { h, field, input, replace } from '../dom.js';
import { signIn } from '../api.js';
import * as session from '../session.js';
import { Page } from './page.js';

class SignInPage extends Page {
  build() {
    const username = input({ name: 'username', autocomplete: 'username', required: true });
    const password = input({ name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const message = h('div', { class: 'form-message', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h(
      'form',
      { class: 'sign-in', novalidate: true },
      field('User name', username),
      field('Password', password),
      message,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!username.value || !password.value) {
        replace(message, 'Enter your user name and password.');
        return;
      }
      submit.disabled = true;
      replace(message);
      try {
        const answer = await signIn(username.value.trim(), password.value);
        password.value = '';
        session.start(username.value.trim(), answer);
      } catch (error) {
        replace(message, error.status === 401 ? 'Wrong user name or password.' : error.message);
        submit.disabled = false;
        password.focus();
      }
    });
    replace(
      this,
      h(
        'section',
        { class: 'card sign-in-card' },
        h('h1', { tabindex: '-1' }, 'Sign in'),
        h('p', { class: 'intro' }, 'Administrators and viewers of this LLM Proxy sign in here.'),
        this.notice ? h('p', { class: 'notice', role: 'status' }, this.notice) : null,
        form,
      ),
    );
  }
}

customElements.define('llm-sign-in-page', SignInPage);
