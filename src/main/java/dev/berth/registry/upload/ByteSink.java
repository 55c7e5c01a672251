package dev.berth.registry.upload;

/** Something bytes are fed to as they stream past: a hash. */
interface ByteSink {
    void update(byte[] bytes, int offset, int length);
}
