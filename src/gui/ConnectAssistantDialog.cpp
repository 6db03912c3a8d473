#include "ConnectAssistantDialog.h"

#include "ui_ConnectAssistantDialog.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPushButton>

namespace spaces {

ConnectAssistantDialog::ConnectAssistantDialog(McpClientConfig config, QString token,
                                               QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectAssistantDialog>())
    , m_config(std::move(config))
    , m_token(std::move(token))
{
    m_ui->setupUi(this);
    m_ui->tokenNoteLabel->setText(
        m_config.needsTokenForStdio()
            ? tr("The assistant acts with your token: whoever has it may do what you may do. "
                 "Until you click Show token, the forms hold %1 in its place.")
                  .arg(tokenPlaceholder())
            : tr("On this computer 'spacectl mcp' finds the server and its token by itself. "
                 "The URL form needs the token: until you click Show token it holds %1 in "
                 "its place.")
                  .arg(tokenPlaceholder()));
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->stdioSnippetEdit->setFont(fixed);
    m_ui->httpSnippetEdit->setFont(fixed);

    connect(m_ui->showTokenButton, &QPushButton::toggled, this, [this](bool shown) {
        m_ui->showTokenButton->setText(shown ? tr("Hide token") : tr("Show token"));
        showText();
    });
    connect(m_ui->copyUrlButton, &QPushButton::clicked, this,
            [this] { copy(m_config.mcpUrl(), tr("the MCP URL")); });
    connect(m_ui->copyCommandButton, &QPushButton::clicked, this,
            [this] { copy(m_config.stdioCommand(), tr("the stdio command")); });
    connect(m_ui->copyTokenButton, &QPushButton::clicked, this,
            [this] { copy(m_token, tr("the token")); });
    // The snippets are copied as shown: with the token only once it is shown.
    connect(m_ui->copyStdioSnippetButton, &QPushButton::clicked, this,
            [this] { copy(m_ui->stdioSnippetEdit->toPlainText(), tr("the stdio configuration")); });
    connect(m_ui->copyHttpSnippetButton, &QPushButton::clicked, this,
            [this] { copy(m_ui->httpSnippetEdit->toPlainText(), tr("the HTTP configuration")); });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    showText();
}

ConnectAssistantDialog::~ConnectAssistantDialog() = default;

QString ConnectAssistantDialog::tokenPlaceholder()
{
    return QStringLiteral("YOUR-TOKEN");
}

void ConnectAssistantDialog::showText()
{
    const bool shown = m_ui->showTokenButton->isChecked();
    const QString token = shown ? m_token : tokenPlaceholder();
    m_ui->mcpUrlEdit->setText(m_config.mcpUrl());
    m_ui->stdioCommandEdit->setText(m_config.stdioCommand());
    m_ui->tokenEdit->setText(shown ? m_token : QString());
    m_ui->stdioSnippetEdit->setPlainText(m_config.stdioSnippet(token));
    m_ui->httpSnippetEdit->setPlainText(m_config.httpSnippet(token));
}

void ConnectAssistantDialog::copy(const QString &text, const QString &what)
{
    QGuiApplication::clipboard()->setText(text);
    m_ui->copyStatusLabel->setText(tr("Copied %1.").arg(what));
}

} // namespace spaces
