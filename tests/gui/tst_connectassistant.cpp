// Help > Connect an AI assistant…: what it offers to paste reaches the MCP server of the
// connection, and the token appears nowhere (fields, snippets, clipboard) before a click.
#include "ApiCall.h"
#include "ConnectAssistantDialog.h"
#include "McpClientConfig.h"
#include "PanelScreenshot.h"
#include "SpacesdProcess.h"

#include <QApplication>
#include <QClipboard>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

class ConnectAssistantTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;

    template<typename T> T *child(QWidget &dialog, const char *name)
    {
        T *found = dialog.findChild<T *>(QLatin1StringView(name));
        if (!found)
            qFatal("no %s", name);
        return found;
    }

    // Every text the dialog shows.
    static QStringList visibleTexts(QWidget &dialog)
    {
        QStringList texts;
        for (const QLineEdit *edit : dialog.findChildren<QLineEdit *>())
            texts << edit->text() << edit->displayText();
        for (const QPlainTextEdit *edit : dialog.findChildren<QPlainTextEdit *>())
            texts << edit->toPlainText();
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            texts << label->text();
        return texts;
    }

    static QJsonObject server(const QString &snippet)
    {
        return QJsonDocument::fromJson(snippet.toUtf8())
            .object()
            .value("mcpServers"_L1)
            .toObject()
            .value("spaces"_L1)
            .toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { QCOMPARE(m_server->terminate(), 0); }

    void tokenOnlyAfterAClick()
    {
        const QString token = m_server->token();
        ConnectAssistantDialog dialog(McpClientConfig(m_server->url(), true, u"spacectl"_s), token);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QClipboard *clipboard = QGuiApplication::clipboard();
        clipboard->setText(u"before"_s);

        for (const QString &text : visibleTexts(dialog))
            QVERIFY2(!text.contains(token), qPrintable(text));
        screenshot(&dialog, u"connect-assistant.png"_s);
        QCOMPARE(child<QLineEdit>(dialog, "stdioCommandEdit")->text(), u"spacectl mcp"_s);

        child<QPushButton>(dialog, "copyHttpSnippetButton")->click();
        QVERIFY(!clipboard->text().contains(token));
        const QJsonObject hidden = server(clipboard->text());
        QCOMPARE(hidden.value("headers"_L1)["Authorization"_L1].toString(),
                 u"Bearer "_s + ConnectAssistantDialog::tokenPlaceholder());
        QCOMPARE(child<QLabel>(dialog, "copyStatusLabel")->text(),
                 u"Copied the HTTP configuration."_s);

        child<QPushButton>(dialog, "copyUrlButton")->click();
        const QString url = clipboard->text();
        QCOMPARE(url, m_server->url().toString() + u"/mcp"_s);

        // On this computer spacectl finds the server itself: no URL, no token to paste.
        child<QPushButton>(dialog, "copyStdioSnippetButton")->click();
        const QJsonObject stdio = server(clipboard->text());
        QCOMPARE(stdio.value("command"_L1).toString(), u"spacectl"_s);
        QCOMPARE(stdio.value("args"_L1)[0].toString(), u"mcp"_s);
        QVERIFY(!stdio.contains("env"_L1));

        child<QPushButton>(dialog, "showTokenButton")->click();
        QCOMPARE(child<QLineEdit>(dialog, "tokenEdit")->text(), token);
        child<QPushButton>(dialog, "copyHttpSnippetButton")->click();
        const QJsonObject shown = server(clipboard->text());
        QCOMPARE(shown.value("url"_L1).toString(), url);
        const QString authorization = shown.value("headers"_L1)["Authorization"_L1].toString();
        QCOMPARE(authorization, u"Bearer "_s + token);

        // What was pasted works: an MCP initialize to that URL with that header.
        const QByteArray initialize =
            R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"paste","version":"1"}}})";
        const ApiReply answer = ApiCall(QUrl(url), QString())
                                    .send("POST", QUrl(url).path(), initialize,
                                          {{"Authorization", authorization.toUtf8()},
                                           {"Content-Type", "application/json"},
                                           {"Accept", "application/json, text/event-stream"}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json.value("result"_L1)["serverInfo"_L1]["name"_L1].toString(),
                 u"spacesd"_s);

        child<QPushButton>(dialog, "showTokenButton")->click();
        QVERIFY(child<QLineEdit>(dialog, "tokenEdit")->text().isEmpty());
        child<QPushButton>(dialog, "copyTokenButton")->click();
        QCOMPARE(clipboard->text(), token);
    }

    void knotConnectionNamesServerAndToken()
    {
        ConnectAssistantDialog dialog(
            McpClientConfig(QUrl(u"https://knot.example.com/"_s), false, u"/opt/spacectl"_s),
            u"knot-token"_s);
        const QJsonObject stdio =
            server(child<QPlainTextEdit>(dialog, "stdioSnippetEdit")->toPlainText());
        QCOMPARE(stdio.value("command"_L1).toString(), u"/opt/spacectl"_s);
        QCOMPARE(stdio.value("env"_L1)["SPACES_URL"_L1].toString(), u"https://knot.example.com"_s);
        QCOMPARE(stdio.value("env"_L1)["SPACES_TOKEN"_L1].toString(),
                 ConnectAssistantDialog::tokenPlaceholder());
        QCOMPARE(child<QLineEdit>(dialog, "mcpUrlEdit")->text(), u"https://knot.example.com/mcp"_s);
        child<QPushButton>(dialog, "showTokenButton")->click();
        QCOMPARE(server(child<QPlainTextEdit>(dialog, "stdioSnippetEdit")->toPlainText())
                     .value("env"_L1)["SPACES_TOKEN"_L1]
                     .toString(),
                 u"knot-token"_s);
    }
};

QTEST_MAIN(ConnectAssistantTest)
#include "tst_connectassistant.moc"
