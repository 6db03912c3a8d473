#pragma once

#include <QDialog>
#include <functional>
#include <memory>

namespace Ui {
class LocalForwardDialog;
}

namespace spaces {

// Asks which port of `spaceName` to forward to this computer and on which local port (a free
// one suggested), validated as typed: a port out of range or taken on this computer is said
// at once and the dialog cannot be accepted.
class LocalForwardDialog final : public QDialog
{
    Q_OBJECT

public:
    // `isLocalPortFree` answers whether 127.0.0.1:port can be listened on now.
    LocalForwardDialog(const QString &spaceName, int suggestedRemotePort,
                       std::function<bool(int)> isLocalPortFree, QWidget *parent = nullptr);
    ~LocalForwardDialog() override;

    int remotePort() const;
    int localPort() const;
    // The sentence of what is wrong, empty when the form can be sent.
    QString problem() const;

    // A port of 127.0.0.1 free a moment ago (0 when none could be had).
    static int freeLocalPort();
    static bool canListenOn(int port);

private:
    void validate();
    void fitHeight();

    std::unique_ptr<Ui::LocalForwardDialog> m_ui;
    std::function<bool(int)> m_isLocalPortFree;
};

} // namespace spaces
