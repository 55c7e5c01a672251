// How sizes, times, digests, platforms and referrer types read on screen.

import type {Platform} from './types.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) {
    return '';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const RELATIVE: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year'],
];

/** "3 minutes ago", from an ISO instant; empty for none. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) {
    return '';
  }
  const then = Date.parse(iso);
  if (Number.isNaN(then)) {
    return iso;
  }
  let delta = (then - now) / 1000;
  if (Math.abs(delta) < 45) {
    return 'just now';
  }
  const format = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});
  for (const [step, unit] of RELATIVE) {
    if (Math.abs(delta) < step) {
      return format.format(Math.round(delta), unit);
    }
    delta /= step;
  }
  return iso;
}

/** The exact time, for a tooltip next to a relative one. */
export function exactTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** sha256:0123456789ab (12 hex digits, as docker shows image ids). */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) {
    return '';
  }
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, 12) : digest.slice(0, colon + 1 + 12);
}

export function platformText(platform: Platform | null | undefined): string {
  if (!platform) {
    return '';
  }
  return [platform.os, platform.architecture, platform.variant].filter(part => !!part).join('/');
}

export const COSIGN_SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';

/** What a referrer's artifact type is, in a word: "signed", "SBOM", or the type itself. */
export function referrerBadge(artifactType: string | null | undefined): string {
  const type = (artifactType || '').toLowerCase();
  if (type === COSIGN_SIGNATURE || type.includes('signature')) {
    return 'signed';
  }
  if (type.includes('sbom') || type.includes('spdx') || type.includes('cyclonedx')) {
    return 'SBOM';
  }
  return artifactType || 'artifact';
}

/** Distinct badges of a list of artifact types, in first-seen order. */
export function referrerBadges(artifactTypes: (string | null)[]): string[] {
  return Array.from(new Set(artifactTypes.map(referrerBadge)));
}
