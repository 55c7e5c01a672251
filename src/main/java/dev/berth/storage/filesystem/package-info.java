/** The local disk back-end: upload areas as files, renamed atomically into place. */
package dev.berth.storage.filesystem;
