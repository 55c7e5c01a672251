package dev.berth.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {

    private final DirectBufferPool pool = new DirectBufferPool(4096, 2);

    @Test
    void acquire_afterRelease_reusesTheBufferCleared() {
        ByteBuffer first = pool.acquire();
        first.put(new byte[100]).flip();
        pool.release(first);

        ByteBuffer again = pool.acquire();

        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(4096);
        assertThat(again.isDirect()).isTrue();
    }

    @Test
    void release_beyondMaxIdle_keepsOnlyThatMany() {
        ByteBuffer a = pool.acquire();
        ByteBuffer b = pool.acquire();
        ByteBuffer c = pool.acquire();
        pool.release(a);
        pool.release(b);
        pool.release(c);

        ByteBuffer first = pool.acquire();
        ByteBuffer second = pool.acquire();
        ByteBuffer third = pool.acquire();

        assertThat(first).isSameAs(a);
        assertThat(second).isSameAs(b);
        assertThat(third).isNotSameAs(c).isNotSameAs(a).isNotSameAs(b);
        assertThat(third.capacity()).isEqualTo(4096);
    }

    @Test
    void release_bufferOfAnotherSizeOrOnHeap_isNotKept() {
        pool.release(ByteBuffer.allocateDirect(1024));
        pool.release(ByteBuffer.allocate(4096));

        ByteBuffer acquired = pool.acquire();

        assertThat(acquired.capacity()).isEqualTo(4096);
        assertThat(acquired.isDirect()).isTrue();
    }
}
