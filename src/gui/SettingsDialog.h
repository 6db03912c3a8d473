#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace spaces {

class ConnectionProfiles;

// Adds, edits and removes Knot server profiles (name, URL, token), each checked as typed with
// the sentences ConnectionProfiles gives. "This computer" is listed but cannot be changed.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(ConnectionProfiles &profiles, QWidget *parent = nullptr);
    ~SettingsDialog() override;

private:
    void reload(const QString &selectId);
    void showSelected();
    void validate();
    void save();
    void addNew();
    void removeSelected();
    QString selectedId() const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    ConnectionProfiles &m_profiles;
    bool m_adding = false;
};

} // namespace spaces
