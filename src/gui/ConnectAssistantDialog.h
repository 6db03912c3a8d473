#pragma once

#include "McpClientConfig.h"

#include <QDialog>
#include <memory>

namespace Ui {
class ConnectAssistantDialog;
}

namespace spaces {

// Help > Connect an AI assistant…: the current connection's MCP URL, the stdio command and
// ready-to-paste configuration, each with a Copy button. The token stays out of every field,
// snippet and clipboard until the user clicks Show token (or Copy token): until then the
// snippets hold a placeholder.
class ConnectAssistantDialog final : public QDialog
{
    Q_OBJECT

public:
    ConnectAssistantDialog(McpClientConfig config, QString token, QWidget *parent = nullptr);
    ~ConnectAssistantDialog() override;

    static QString tokenPlaceholder();

private:
    void showText();
    void copy(const QString &text, const QString &what);

    std::unique_ptr<Ui::ConnectAssistantDialog> m_ui;
    McpClientConfig m_config;
    QString m_token;
};

} // namespace spaces
