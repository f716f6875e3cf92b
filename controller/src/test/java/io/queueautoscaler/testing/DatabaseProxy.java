package io.queueautoscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a database, which a test can make fail as a database
 * does: {@link #freeze} stops forwarding bytes and keeps every socket open, new ones included (a
 * server stopped with SIGSTOP: the kernel still accepts connections, nothing answers);
 * {@link #stop} closes every connection and refuses new ones (a server that is down);
 * {@link #resume} forwards again on the same port.
 */
public final class DatabaseProxy implements AutoCloseable {
    private enum State { FORWARDING, FROZEN, STOPPED }

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private State state = State.FORWARDING;

    public DatabaseProxy(String host, int targetPort) throws IOException {
        this.target = new InetSocketAddress(host, targetPort);
        this.server = listen(0);
        this.port = server.getLocalPort();
        acceptOn(server);
    }

    public int port() {
        return port;
    }

    /** Stops forwarding; connections stay open and new ones are accepted, but no byte goes either way. */
    public synchronized void freeze() {
        state = State.FROZEN;
    }

    /** Closes every connection and the listening socket: new connections are refused. */
    public synchronized void stop() throws IOException {
        state = State.STOPPED;
        server.close();
        closeAll();
        notifyAll();
    }

    /** Forwards again; after a stop, listens again on the same port. */
    public synchronized void resume() throws IOException {
        if (state == State.STOPPED) {
            server = listen(port);
            acceptOn(server);
        }
        state = State.FORWARDING;
        notifyAll();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptOn(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket();
                    upstream.connect(target, 5000);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by stop(), or the database refused: the client sees its connection end
                }
            }
        }, "database-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!awaitForwarding()) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed, or the proxy stopped
            } finally {
                close(from);
                close(to);
            }
        }, "database-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    /** Holds the bytes while frozen; false once stopped. */
    private synchronized boolean awaitForwarding() throws InterruptedException {
        while (state == State.FROZEN) {
            wait();
        }
        return state == State.FORWARDING;
    }

    private void closeAll() {
        sockets.forEach(DatabaseProxy::close);
        sockets.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
