#pragma once

// Payloads shaped like a real Knot server's (fields and extras from knot-openapi.yaml), for
// the fake server in the client tests.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace spaces::test::knot {

using namespace Qt::StringLiterals;

inline const QString UserId = u"5f0c4a9e-8a55-4b7e-9a3c-0b1b2a6f1e01"_s;
inline const QString SpaceId = u"0b8f6f7e-2c44-4d2a-9f5e-6c1d2e3f4a5b"_s;
inline const QString OtherSpaceId = u"9d2e1c0b-7a6f-4e5d-8c3b-2a1f0e9d8c7b"_s;
inline const QString TemplateId = u"3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99"_s;

// UserResponse, with the fields a client does not use.
inline QJsonObject user()
{
    return {{u"user_id"_s, UserId},
            {u"username"_s, u"ada"_s},
            {u"email"_s, u"ada@example.com"_s},
            {u"service_password"_s, u"secret"_s},
            {u"roles"_s, QJsonArray{u"00000000-0000-0000-0000-000000000001"_s}},
            {u"groups"_s, QJsonArray{}},
            {u"active"_s, true},
            {u"current"_s, true},
            {u"last_login_at"_s, u"2025-03-10T09:00:00Z"_s},
            {u"preferred_shell"_s, u"zsh"_s},
            {u"timezone"_s, u"Europe/London"_s},
            {u"max_spaces"_s, 0},
            {u"compute_units"_s, 0},
            {u"number_spaces"_s, 2},
            {u"number_spaces_deployed"_s, 1},
            {u"used_tunnels"_s, 0}};
}

// SpaceInfo as Knot lists it: everything, most of which the client ignores.
inline QJsonObject spaceInfo(const QString &id = SpaceId, const QString &name = u"web-1"_s,
                             bool deployed = true, bool pending = false)
{
    return {{u"space_id"_s, id},
            {u"name"_s, name},
            {u"description"_s, u"Web front end"_s},
            {u"note"_s, u"agent says hi"_s},
            {u"template_name"_s, u"docker-web"_s},
            {u"template_id"_s, TemplateId},
            {u"zone"_s, u"eu-1"_s},
            {u"username"_s, u"ada"_s},
            {u"user_id"_s, UserId},
            {u"platform"_s, u"docker"_s},
            {u"shares"_s, QJsonArray{}},
            {u"depends_on"_s, QJsonArray{}},
            {u"has_code_server"_s, true},
            {u"has_ssh"_s, true},
            {u"has_http_vnc"_s, false},
            {u"has_terminal"_s, true},
            {u"has_vscode_tunnel"_s, false},
            {u"vscode_tunnel_name"_s, u""_s},
            {u"is_deployed"_s, deployed},
            {u"is_pending"_s, pending},
            {u"is_deleting"_s, false},
            {u"tcp_ports"_s, QJsonObject{{u"8080"_s, u"web"_s}}},
            {u"http_ports"_s, QJsonObject{}},
            {u"update_available"_s, false},
            {u"is_remote"_s, false},
            {u"has_state"_s, deployed}, // a deployed space's agent is usually connected
            {u"started_at"_s, u"2025-03-10T09:30:00Z"_s},
            {u"icon_url"_s, u""_s},
            {u"healthy"_s, true},
            {u"health_known"_s, true},
            {u"stack"_s, u""_s},
            {u"resource_usage"_s, QJsonObject{{u"cpu_percent"_s, 1.5}}},
            {u"alt_names"_s, QJsonArray{}},
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"port"_s}, {u"value"_s, u"8080"_s}}}},
            {u"template_has_ssh"_s, true}};
}

// A space as an older or leaner server describes it: only the essentials.
inline QJsonObject minimalSpace(const QString &id, const QString &name)
{
    return {{u"space_id"_s, id}, {u"name"_s, name}};
}

// TemplateInfo.
inline QJsonObject templateInfo()
{
    return {
        {u"template_id"_s, TemplateId},
        {u"name"_s, u"docker-web"_s},
        {u"description"_s, u"A web server"_s},
        {u"usage"_s, 2},
        {u"deployed"_s, 1},
        {u"groups"_s, QJsonArray{}},
        {u"platform"_s, u"docker"_s},
        {u"is_managed"_s, false},
        {u"active"_s, true},
        {u"compute_units"_s, 1},
        {u"schedule_enabled"_s, false},
        {u"zones"_s, QJsonArray{}},
        {u"ports"_s, QJsonArray{}},
        {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"port"_s},
                                                    {u"description"_s, u"Port to serve on"_s}}}}};
}

// ScriptInfo.
inline QJsonObject scriptInfo(const QString &name, const QString &owner)
{
    return {{u"id"_s, u"7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918"_s},
            {u"user_id"_s, owner},
            {u"name"_s, name},
            {u"description"_s, u"Says hello"_s},
            {u"groups"_s, QJsonArray{}},
            {u"zones"_s, QJsonArray{}},
            {u"active"_s, true},
            {u"script_type"_s, u"script"_s},
            {u"is_managed"_s, false}};
}

// PortForwardInfo, with the Pro extras.
inline QJsonObject portForwardInfo(int localPort, const QString &space, int remotePort)
{
    return {{u"local_port"_s, localPort}, {u"space"_s, space},     {u"remote_port"_s, remotePort},
            {u"persistent"_s, false},     {u"mode"_s, u"relay"_s}, {u"latency_ms"_s, 0},
            {u"jitter_ms"_s, 0},          {u"bandwidth_kb"_s, 0},  {u"timeout_ms"_s, 0}};
}

inline QJsonObject ok()
{
    return {{u"status"_s, true}};
}

} // namespace spaces::test::knot
