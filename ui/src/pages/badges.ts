import {h} from '../dom.js';
import {referrerBadge, referrerBadges} from '../format.js';

export function badge(text: string, title?: string): HTMLElement {
  const kind = text === 'signed' ? 'signed' : text === 'SBOM' ? 'sbom' : 'other';
  return h('span', {class: 'badge badge-' + kind, title: title ?? text}, text);
}

/** One badge per kind of referrer: "signed", "SBOM", or the artifact type. */
export function referrerBadgeList(artifactTypes: (string | null)[]): HTMLElement[] {
  return referrerBadges(artifactTypes).map(text =>
    badge(text, artifactTypes.filter(type => referrerBadge(type) === text).join(', ')));
}
