#pragma once

// The server's parts around one SpaceService, in process and without HTTP, on a data
// directory of the test's choice: a real Store (SQLite), a real LocalRuntime and real port
// forwards. Header only: the tests that use it link spaces_server, the support library not.
#include "EventHub.h"
#include "ForwardService.h"
#include "LocalRuntime.h"
#include "LongOperationQueue.h"
#include "PortForwards.h"
#include "SpacePaths.h"
#include "SpaceReader.h"
#include "SpaceService.h"
#include "Store.h"

#include <QDir>
#include <chrono>
#include <memory>

namespace spaces::test {

class ServiceFixture final
{
public:
    explicit ServiceFixture(const QString &dataDirectory)
        : paths(dataDirectory)
        , store(paths.databaseFile())
    {
        QDir().mkpath(dataDirectory);
        opened = store.open();
        if (!opened)
            return;
        reader = std::make_unique<SpaceReader>(store.path());
        forwards = std::make_unique<PortForwards>(store);
        forwardService = std::make_unique<ForwardService>(store, *forwards);
        runtime = std::make_unique<LocalRuntime>(store, paths, std::chrono::milliseconds(500));
        service = std::make_unique<SpaceService>(store, *reader, events, *runtime, *forwardService,
                                                 queue);
        const Expected<QString> plain = addTemplate(QStringLiteral("plain"), {});
        if (!plain)
            opened = plain.error();
        else
            templateId = *plain;
    }

    // A manual (unconfined) template with a custom field "color" and the given services.
    Expected<QString> addTemplate(const QString &name, const QString &startupCommand)
    {
        SpaceTemplate spaceTemplate;
        spaceTemplate.name = name;
        spaceTemplate.platform = QStringLiteral("manual");
        spaceTemplate.startupCommand = startupCommand;
        spaceTemplate.customFields.append(CustomFieldDefinition{QStringLiteral("color"), {}});
        if (const Expected<void> saved = store.saveTemplate(spaceTemplate, false); !saved)
            return saved.error();
        return spaceTemplate.id;
    }

    User addUser(const QString &name, Permissions permissions)
    {
        const Expected<User> user = store.createUser(name, permissions);
        return user ? *user : User{};
    }

    SpaceService::NewSpace newSpace(const QString &name,
                                    const QString &templateKey = QStringLiteral("plain")) const
    {
        SpaceService::NewSpace request;
        request.name = name;
        request.templateKey = templateKey;
        request.shell = QStringLiteral("sh");
        return request;
    }

    SpacePaths paths;
    Store store;
    Expected<void> opened;
    EventHub events;
    LongOperationQueue queue{LongOperationQueue::Limits{}};
    std::unique_ptr<SpaceReader> reader;
    std::unique_ptr<PortForwards> forwards;
    std::unique_ptr<ForwardService> forwardService;
    std::unique_ptr<LocalRuntime> runtime;
    std::unique_ptr<SpaceService> service;
    QString templateId;
};

} // namespace spaces::test
