package dev.berth.distribution;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's socket read buffer sized for layers rather than for form posts. Measured with curl
 * sending a 512 MiB chunked PATCH on loopback: 1.3 s with Tomcat's 8 KiB default, 0.97 s with
 * 64 KiB (system CPU 2.2 s down to 1.4 s); 128 and 256 KiB gained nothing more. The buffer is
 * per open connection.
 */
@Configuration(proxyBeanMethods = false)
class BlobTransferTuning {

    private static final int SOCKET_READ_BUFFER = 64 * 1024;

    @Bean
    TomcatConnectorCustomizer layerSizedReadBuffer() {
        return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_READ_BUFFER));
    }
}
