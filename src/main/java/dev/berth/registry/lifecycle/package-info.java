/**
 * Rules about a namespace's content over time: immutable tags (never moved or deleted), retention
 * policies (which tags garbage collection removes) and storage quotas (checked before bytes are
 * written and again when a blob is complete).
 */
package dev.berth.registry.lifecycle;
