#pragma once

#include "ApiError.h"

#include <QPointer>
#include <QString>
#include <QUrl>
#include <QWidget>
#include <functional>
#include <memory>

namespace Ui {
class PortForwardPanel;
}

namespace spaces {

class AddForwardDialog;
class LocalForwardDialog;
class PortForwardModel;
class SpaceListModel;

// The port forwards of the selected space: a table of local port, target space, remote port,
// persistence and kind; add a forward to another space (AddForwardDialog) or to this computer
// (LocalForwardDialog, through the tunnel route), stop, open in the browser, refresh.
// Adding is possible only while the space runs, and the panel says so.
class PortForwardPanel final : public QWidget
{
    Q_OBJECT

public:
    PortForwardPanel(PortForwardModel &forwards, SpaceListModel &spaces, QWidget *parent = nullptr);
    ~PortForwardPanel() override;

    void setSpaceId(const QString &id);
    QString spaceId() const { return m_spaceId; }

    // What opens a forward's address: QDesktopServices::openUrl unless replaced (tests); false
    // when nothing could (no browser), which browserUnavailable reports.
    using UrlOpener = std::function<bool(const QUrl &url)>;
    void setUrlOpener(UrlOpener opener);

Q_SIGNALS:
    void errorOccurred(const QString &operation, const spaces::ApiError &error);
    // "Open in browser" found no program to open `url` with.
    void browserUnavailable(const QUrl &url);

private:
    void openAddDialog();
    void openLocalDialog();
    void stopSelected();
    void openSelected();
    void updateState();
    int selectedRow() const;
    bool spaceRunning() const;

    std::unique_ptr<Ui::PortForwardPanel> m_ui;
    PortForwardModel &m_forwards;
    SpaceListModel &m_spaces;
    QString m_spaceId;
    QPointer<AddForwardDialog> m_dialog;
    QPointer<LocalForwardDialog> m_localDialog;
    UrlOpener m_openUrl;
};

} // namespace spaces
