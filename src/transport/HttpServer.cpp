#include "HttpServer.h"

#include "HttpConnection.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <vector>

Q_LOGGING_CATEGORY(lcHttp, "spaces.http", QtWarningMsg)

namespace spaces {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

// Each connection is a descriptor: allow as many as the hard limit lets us, so the connection
// cap (not the default of 1024 descriptors) is what bounds them.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

constexpr std::chrono::milliseconds AcceptRetry{50};

// An io_context whose handlers can be dropped without destroying it: connections may outlive
// the server (an answer still on its way from a worker thread holds one), and their sockets
// must then close against a context that still exists. (Not final: Asio's executor traits
// derive from it.)
class IoContext : public asio::io_context
{
public:
    using asio::io_context::shutdown;
};

} // namespace

class HttpServer::Impl final
{
public:
    Impl(const HttpLimits &limits, HttpHandler &handler, QObject &qtContext)
        : m_context(std::make_shared<TransportContext>(limits, handler, qtContext))
        , m_acceptor(asio::make_strand(*m_io))
        , m_retry(m_acceptor.get_executor())
    {
        m_context->ioContext = m_io;
    }

    ~Impl() { stop(); }

    Expected<quint16> listen(const QHostAddress &address, quint16 port, const TlsFiles *tls)
    {
        raiseDescriptorLimit();
        if (tls) {
            if (Expected<bool> ready = loadTls(*tls); !ready)
                return ready.error();
        }
        error_code error;
        const tcp::endpoint endpoint(
            asio::ip::make_address(address.toString().toStdString(), error), port);
        if (!error)
            m_acceptor.open(endpoint.protocol(), error);
        if (!error)
            m_acceptor.set_option(asio::socket_base::reuse_address(true), error);
        if (!error)
            m_acceptor.bind(endpoint, error);
        if (!error)
            m_acceptor.listen(asio::socket_base::max_listen_connections, error);
        if (error) {
            // Closed, so that another listen() (on another port) can follow.
            error_code ignored;
            m_acceptor.close(ignored);
            QString sentence =
                QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port);
            if (port != 0)
                sentence += QStringLiteral(": the port may be in use");
            return ApiError{0, sentence};
        }
        const quint16 bound = m_acceptor.local_endpoint().port();
        accept();
        int threads = m_context->limits.ioThreads;
        if (threads <= 0)
            threads = std::max(1, int(std::thread::hardware_concurrency()));
        for (int i = 0; i < threads; ++i)
            m_threads.emplace_back([this] { m_io->run(); });
        return bound;
    }

    void stop()
    {
        if (m_stopped)
            return;
        m_stopped = true;
        m_work.reset();
        asio::post(m_acceptor.get_executor(), [this] {
            error_code ignored;
            m_acceptor.close(ignored);
            m_retry.cancel();
        });
        m_io->stop();
        for (std::thread &thread : m_threads)
            thread.join();
        m_threads.clear();
        error_code ignored;
        m_acceptor.close(ignored);
        // Drops every pending handler, and with them the connections they kept alive; the
        // context itself lives on in m_context for connections held elsewhere.
        m_io->shutdown();
    }

    std::size_t connectionCount() const { return m_context->registry.count(); }

private:
    Expected<bool> loadTls(const TlsFiles &files)
    {
        m_tls.emplace(asio::ssl::context::tls_server);
        m_tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
        error_code error;
        m_tls->use_certificate_chain_file(files.certificate.toStdString(), error);
        if (error)
            return ApiError{0,
                            QStringLiteral("cannot use the TLS certificate %1: %2")
                                .arg(files.certificate, QString::fromStdString(error.message()))};
        m_tls->use_private_key_file(files.privateKey.toStdString(), asio::ssl::context::pem, error);
        if (error)
            return ApiError{0, QStringLiteral("cannot use the TLS key %1: %2")
                                   .arg(files.privateKey, QString::fromStdString(error.message()))};
        return true;
    }

    void accept()
    {
        m_acceptor.async_accept(
            asio::make_strand(*m_io), [this](const error_code &error, tcp::socket socket) {
                if (error == asio::error::operation_aborted || !m_acceptor.is_open())
                    return;
                if (error) {
                    // Out of descriptors: make room by closing the longest-idle connection, and
                    // try again shortly rather than spinning.
                    qCInfo(lcHttp) << "accept failed:" << error.message().c_str();
                    m_context->registry.evictOldestIdle();
                    m_retry.expires_after(AcceptRetry);
                    m_retry.async_wait([this](const error_code &waitError) {
                        if (!waitError)
                            accept();
                    });
                    return;
                }
                admit(std::move(socket));
                accept();
            });
    }

    void admit(tcp::socket socket)
    {
        error_code error;
        const tcp::endpoint remote = socket.remote_endpoint(error);
        if (error)
            return;
        socket.set_option(tcp::no_delay(true), error);
        const std::string address = remote.address().to_string();
        const QHostAddress peer(QString::fromStdString(address));
        if (m_tls)
            start(std::make_shared<HttpConnection<TlsStream>>(TlsStream(std::move(socket), *m_tls),
                                                              m_context, peer),
                  address);
        else
            start(std::make_shared<HttpConnection<PlainStream>>(std::move(socket), m_context, peer),
                  address);
    }

    template<typename Connection>
    void start(const std::shared_ptr<Connection> &connection, const std::string &address)
    {
        const std::weak_ptr<Connection> weak = connection;
        const std::uint64_t id = m_context->registry.admit(address, [weak] {
            if (const std::shared_ptr<Connection> victim = weak.lock())
                victim->evict();
        });
        if (id == 0) {
            qCInfo(lcHttp) << "refusing a connection: every connection is busy";
            return; // the socket closes with the connection
        }
        connection->start(id);
    }

    std::shared_ptr<IoContext> m_io = std::make_shared<IoContext>();
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work{
        asio::make_work_guard(*m_io)};
    std::shared_ptr<TransportContext> m_context;
    std::optional<asio::ssl::context> m_tls;
    tcp::acceptor m_acceptor;
    asio::steady_timer m_retry;
    std::vector<std::thread> m_threads;
    bool m_stopped = false;
};

HttpServer::HttpServer(const HttpLimits &limits, HttpHandler &handler, QObject &qtContext)
    : m_impl(std::make_unique<Impl>(limits, handler, qtContext))
{}

HttpServer::~HttpServer() = default;

Expected<quint16> HttpServer::listen(const QHostAddress &address, quint16 port, const TlsFiles *tls)
{
    return m_impl->listen(address, port, tls);
}

void HttpServer::stop()
{
    m_impl->stop();
}

std::size_t HttpServer::connectionCount() const
{
    return m_impl->connectionCount();
}

} // namespace spaces
