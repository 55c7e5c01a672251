import {api, repositoryPath} from '../api.js';
import {copyArea, copyCommand} from '../clipboard.js';
import {Child, facts, h, table} from '../dom.js';
import {exactTime, humanSize, platformText, relativeTime, shortDigest} from '../format.js';
import {manifestLink, repositoriesLink, repositoryLink} from '../routes.js';
import type {ImageConfigSummary, ManifestDetail} from '../types.js';
import {badge, referrerBadgeList} from './badges.js';

/** One manifest: what it is, its config, layers and history, an index's children, tags and referrers. */
export async function manifestPage(name: string, reference: string): Promise<Node> {
  const manifest = await api<ManifestDetail>(repositoryPath(name, 'manifests', reference));
  const copied = copyArea();
  const pullReference = `${location.host}/${name}@${manifest.digest}`;
  const tags = manifest.tags ?? [];
  return h('section', {class: 'page page-manifest'},
    h('nav', {class: 'crumbs'}, h('a', {href: repositoriesLink()}, 'Repositories'), ' / ',
      h('a', {href: repositoryLink(name)}, name), ' / '),
    h('h1', {class: 'manifest-reference'}, reference.includes(':') ? shortDigest(reference) : reference),
    facts([
      ['Digest', h('code', {class: 'digest'}, manifest.digest)],
      ['Media type', manifest.mediaType],
      ['Artifact type', manifest.artifactType],
      ['Size', `${humanSize(manifest.sizeBytes)} to pull (manifest ${humanSize(manifest.size)})`],
      ['Tags', tags.map(tag => h('a', {href: manifestLink(name, tag), class: 'chip'}, tag))],
      ['Subject', manifest.subject
        ? h('a', {href: manifestLink(name, manifest.subject.digest)}, h('code', {}, manifest.subject.digest))
        : null],
    ]),
    h('div', {class: 'toolbar'},
      h('button', {type: 'button', class: 'copy-podman',
        onclick: () => copyCommand(copied, `podman pull ${pullReference}`)}, 'Copy podman pull (by digest)'),
      h('button', {type: 'button', class: 'copy-docker',
        onclick: () => copyCommand(copied, `docker pull ${pullReference}`)}, 'Copy docker pull')),
    copied,
    manifest.image ? configSection(manifest.image) : null,
    section('Platforms', manifest.children, children => table(['Platform', 'Digest', 'Media type', 'Size'],
      children.map(child => h('tr', {},
        h('td', {}, h('a', {href: manifestLink(name, child.digest)}, platformText(child.platform) || 'unknown')),
        h('td', {}, digestLink(name, child.digest)),
        h('td', {class: 'media-type'}, child.artifactType || child.mediaType),
        h('td', {class: 'number'}, humanSize(child.size)))), 'children')),
    section('Layers', manifest.layers, layers => table(['#', 'Digest', 'Media type', 'Size'],
      layers.map((layer, i) => h('tr', {},
        h('td', {class: 'number'}, i + 1),
        h('td', {}, h('code', {title: layer.digest}, shortDigest(layer.digest))),
        h('td', {class: 'media-type'}, layer.mediaType),
        h('td', {class: 'number'}, humanSize(layer.size)))), 'layers'),
      `total ${humanSize((manifest.layers ?? []).reduce((sum, layer) => sum + layer.size, 0))}`),
    manifest.image ? historySection(manifest.image) : null,
    section('Referrers', manifest.referrers, referrers => table(['Kind', 'Artifact type', 'Digest', 'Size'],
      referrers.map(referrer => h('tr', {},
        h('td', {}, referrerBadgeList([referrer.artifactType || referrer.mediaType])),
        h('td', {class: 'media-type'}, referrer.artifactType || referrer.mediaType),
        h('td', {}, digestLink(name, referrer.digest)),
        h('td', {class: 'number'}, humanSize(referrer.size)))), 'referrers')),
    keyValueSection('Annotations', manifest.annotations));
}

function configSection(image: ImageConfigSummary): HTMLElement {
  const platform = platformText({os: image.os, architecture: image.architecture, variant: image.variant});
  return h('section', {class: 'config'},
    h('h2', {}, 'Configuration'),
    facts([
      ['Platform', platform],
      ['Created', image.created
        ? h('time', {datetime: image.created, title: relativeTime(image.created)}, exactTime(image.created))
        : null],
      ['Entrypoint', image.entrypoint?.length ? h('code', {}, commandLine(image.entrypoint)) : null],
      ['Command', image.cmd?.length ? h('code', {}, commandLine(image.cmd)) : null],
      ['Environment', (image.envNames ?? []).map(envName => h('code', {class: 'chip'}, envName))],
      ['Ports', (image.exposedPorts ?? []).map(port => h('code', {class: 'chip'}, port))],
    ]),
    keyValueSection('Labels', image.labels, 'h3'));
}

function historySection(image: ImageConfigSummary): HTMLElement | null {
  return section('History', image.history, history => table(['Created', 'Step', 'Layer'],
    history.map(entry => h('tr', {class: entry.emptyLayer ? 'empty-layer' : ''},
      h('td', {}, h('time', {datetime: entry.created, title: exactTime(entry.created)}, relativeTime(entry.created))),
      h('td', {class: 'step'}, h('code', {}, entry.createdBy || ''), entry.comment ? h('div', {class: 'comment'},
        entry.comment) : null),
      h('td', {class: 'number'}, entry.emptyLayer ? badge('no layer') : humanSize(entry.layerSize)))), 'history'));
}

function section<T>(title: string, items: T[] | null | undefined, body: (items: T[]) => Child,
                    note?: string): HTMLElement | null {
  if (!items || items.length === 0) {
    return null;
  }
  return h('section', {class: 'section-' + title.toLowerCase()},
    h('h2', {}, title, ' ', h('span', {class: 'count'}, String(items.length)), note ? h('span',
      {class: 'note'}, ' · ' + note) : null),
    body(items));
}

function keyValueSection(title: string, values: Record<string, string> | null | undefined,
                         heading: 'h2' | 'h3' = 'h2'): HTMLElement | null {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) {
    return null;
  }
  return h('section', {class: 'key-values'}, h(heading, {}, title),
    table(['Key', 'Value'], entries.map(([key, value]) =>
      h('tr', {}, h('td', {}, h('code', {}, key)), h('td', {class: 'value'}, value)))));
}

function digestLink(name: string, digest: string): HTMLElement {
  return h('a', {href: manifestLink(name, digest), title: digest}, h('code', {}, shortDigest(digest)));
}

/** ["sh", "-c", "echo hi"] as a shell would read it. */
function commandLine(parts: string[]): string {
  return parts.map(part => /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
}

