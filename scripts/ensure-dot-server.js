#!/usr/bin/env node
// Makes sure the second authorization server of the e2e tests can run: Django OAuth Toolkit (an
// OAuth 2.0 / OpenID Connect server on oauthlib, written independently of oidc-provider) and
// django-cors-headers, both from Debian's packages for Debian's own python3. Installs them with
// apt-get when missing and we may (root, or passwordless sudo); fails saying what to do otherwise.
// Fast when they are there: one python import.
import { spawnSync } from 'node:child_process';
import { aptInstall } from './apt.js';

const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-django-oauth-toolkit', 'python3-django-cors-headers'];

const installed = () => spawnSync(PYTHON, ['-c', 'import django, oauth2_provider, corsheaders'], { stdio: 'ignore' }).status === 0;

if (!installed()) {
  console.error('Django OAuth Toolkit is not installed; installing it from Debian for the second-server tests…');
  aptInstall(PACKAGES, { recommends: false });
  if (!installed()) {
    console.error(`The second-server e2e tests need Django OAuth Toolkit. Install it with:  sudo apt-get install -y ${PACKAGES.join(' ')}`);
    process.exit(1);
  }
}
