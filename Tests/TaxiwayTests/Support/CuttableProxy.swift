import Foundation
import PostgresNIO
import Testing

/// A TCP proxy in front of a test server whose connections the test can cut at any moment, as a network
/// failure would: both sides are closed without a word to either.
final class CuttableProxy: @unchecked Sendable {
    /// The loopback port the proxy listens on.
    let port: Int
    private let server: any Channel
    private let lock = NSLock()
    private var connections: [any Channel] = []

    private init(server: any Channel, port: Int) {
        self.server = server
        self.port = port
    }

    /// A proxy on a free loopback port forwarding to `host`:`port`.
    static func start(forwardingTo host: String, port targetPort: Int) async throws -> CuttableProxy {
        let registry = Registry()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(Forwarder(partner: inbound))
                        }
                    }
                    .connect(host: host, port: targetPort)
                    .flatMapThrowing { outbound in
                        try inbound.pipeline.syncOperations.addHandler(Forwarder(partner: outbound))
                        registry.add(inbound)
                        registry.add(outbound)
                    }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let proxy = CuttableProxy(server: server, port: try #require(server.localAddress?.port))
        registry.proxy = proxy
        return proxy
    }

    /// Closes every connection made through the proxy so far, on both sides.
    func cut() async {
        let open = lock.withLock {
            defer { connections = [] }
            return connections
        }
        for channel in open {
            try? await channel.close()
        }
    }

    /// Stops listening and cuts every connection.
    func stop() async {
        await cut()
        try? await server.close()
    }

    fileprivate func add(_ channel: any Channel) {
        lock.withLock { connections.append(channel) }
    }

    /// Hands accepted connections to the proxy once it exists.
    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var pending: [any Channel] = []
        private var target: CuttableProxy?

        var proxy: CuttableProxy? {
            get { lock.withLock { target } }
            set {
                let waiting = lock.withLock {
                    target = newValue
                    defer { pending = [] }
                    return pending
                }
                for channel in waiting { newValue?.add(channel) }
            }
        }

        func add(_ channel: any Channel) {
            let proxy: CuttableProxy? = lock.withLock {
                if target == nil { pending.append(channel) }
                return target
            }
            proxy?.add(channel)
        }
    }
}

/// Writes what one side of a proxied connection reads to the other side, and closes the other side when this
/// one closes.
private final class Forwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let partner: any Channel

    init(partner: any Channel) {
        self.partner = partner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

