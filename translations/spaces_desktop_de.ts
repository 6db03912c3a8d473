<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_US">
<context>
    <name>AddForwardDialog</name>
    <message>
        <location filename="../ui/AddForwardDialog.ui" line="+5"/>
        <source>Add Port Forward</source>
        <translation>Portweiterleitung hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add port forward</source>
        <translation>Portweiterleitung hinzufügen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Local port:</source>
        <translation>&amp;Lokaler Port:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Local port</source>
        <translation>Lokaler Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The port on this computer (127.0.0.1) that connections are made to</source>
        <translation>Der Port auf diesem Computer (127.0.0.1), zu dem Verbindungen aufgebaut werden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Target space:</source>
        <translation>&amp;Ziel-Space:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Target space</source>
        <translation>Ziel-Space</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The space whose port the connections reach; running spaces come first</source>
        <translation>Der Space, dessen Port die Verbindungen erreichen; laufende Spaces stehen oben</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Remote port:</source>
        <translation>&amp;Entfernter Port:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remote port</source>
        <translation>Entfernter Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The port a service of the target space listens on</source>
        <translation>Der Port, auf dem ein Dienst des Ziel-Space lauscht</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Persistent: open again whenever this space starts</source>
        <translation>&amp;Dauerhaft: bei jedem Start dieses Space erneut öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persistent</source>
        <translation>Dauerhaft</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Validation message</source>
        <translation>Prüfmeldung</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantDialog</name>
    <message>
        <location filename="../ui/ConnectAssistantDialog.ui" line="+5"/>
        <source>Connect an AI Assistant</source>
        <translation>KI-Assistent verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect an AI assistant</source>
        <translation>KI-Assistent verbinden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An AI assistant that speaks the Model Context Protocol (MCP) can list, create, start and stop your spaces, run commands and scripts in them and forward their ports, with your permissions. Give it one of the forms below.</source>
        <translation>Ein KI-Assistent, der das Model Context Protocol (MCP) spricht, kann Ihre Spaces auflisten, anlegen, starten und stoppen, darin Befehle und Skripte ausführen und ihre Ports weiterleiten – mit Ihren Berechtigungen. Geben Sie ihm eine der folgenden Formen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>MCP &amp;URL:</source>
        <translation>MCP-&amp;URL:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>MCP URL</source>
        <translation>MCP-URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Streamable HTTP address of this connection&apos;s MCP server</source>
        <translation>Die Streamable-HTTP-Adresse des MCP-Servers dieser Verbindung</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+23"/>
        <location line="+58"/>
        <location line="+26"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Copy the MCP URL</source>
        <translation>Die MCP-URL kopieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stdio &amp;command:</source>
        <translation>Stdio-&amp;Befehl:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stdio command</source>
        <translation>Stdio-Befehl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What an assistant runs to speak MCP over stdin and stdout</source>
        <translation>Was ein Assistent ausführt, um MCP über stdin und stdout zu sprechen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy the stdio command</source>
        <translation>Den Stdio-Befehl kopieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The API token the assistant acts with: it may do what you may do</source>
        <translation>Das API-Token, mit dem der Assistent handelt: Er darf alles, was Sie dürfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden</source>
        <translation>Verborgen</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Show token</source>
        <translation>Token anzeigen</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>Copy token</source>
        <translation>Token kopieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>For assistants that start a program (Claude Desktop: claude_desktop_config.json; most editors):</source>
        <translation>Für Assistenten, die ein Programm starten (Claude Desktop: claude_desktop_config.json; die meisten Editoren):</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stdio configuration</source>
        <translation>Stdio-Konfiguration</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy the stdio configuration</source>
        <translation>Die Stdio-Konfiguration kopieren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>For assistants that connect to a URL (Streamable HTTP):</source>
        <translation>Für Assistenten, die sich mit einer URL verbinden (Streamable HTTP):</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>HTTP configuration</source>
        <translation>HTTP-Konfiguration</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy the HTTP configuration</source>
        <translation>Die HTTP-Konfiguration kopieren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Copy status</source>
        <translation>Kopierstatus</translation>
    </message>
</context>
<context>
    <name>ConsolePanel</name>
    <message>
        <location filename="../ui/ConsolePanel.ui" line="+5"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Console availability</source>
        <translation>Verfügbarkeit der Konsole</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>O&amp;utput</source>
        <translation>A&amp;usgabe</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Command queue</source>
        <translation>Befehlswarteschlange</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cop&amp;y all</source>
        <translation>Alles &amp;kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy every command and its output to the clipboard</source>
        <translation>Alle Befehle samt Ausgabe in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy console output</source>
        <translation>Konsolenausgabe kopieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the console output</source>
        <translation>Die Konsolenausgabe leeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear console</source>
        <translation>Konsole leeren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Console output</source>
        <translation>Konsolenausgabe</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs in the space&apos;s shell. Up and Down walk through earlier commands.</source>
        <translation>Wird in der Shell des Space ausgeführt. Mit den Pfeiltasten nach oben und unten blättern Sie durch frühere Befehle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. ls -la | head</source>
        <translation>z. B. ls -la | head</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Run</source>
        <translation>Aus&amp;führen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the command (Enter); while one runs, it waits its turn</source>
        <translation>Den Befehl ausführen (Eingabetaste); läuft gerade ein anderer, wartet er, bis er an der Reihe ist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run command</source>
        <translation>Befehl ausführen</translation>
    </message>
    <message>
        <source>Stop &amp;waiting</source>
        <translation type="vanished">&amp;Nicht mehr warten</translation>
    </message>
    <message>
        <source>Stop waiting for the running command (Esc); the space ends it at its timeout</source>
        <translation type="vanished">Nicht mehr auf den laufenden Befehl warten (Esc); der Space beendet ihn, wenn sein Zeitlimit abläuft</translation>
    </message>
    <message>
        <source>Stop waiting for the running command</source>
        <translation type="vanished">Nicht mehr auf den laufenden Befehl warten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sto&amp;p</source>
        <translation>Sto&amp;ppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running command (Esc): the server ends it and everything it started (a server without the run stream ends it only at its timeout)</source>
        <translation>Den laufenden Befehl stoppen (Esc): Der Server beendet ihn und alles, was er gestartet hat (ein Server ohne Ausführungsstream beendet ihn erst bei seinem Zeitlimit)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running command</source>
        <translation>Den laufenden Befehl stoppen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Timeout in seconds</source>
        <translation>Zeitlimit in Sekunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long the space lets the command run</source>
        <translation>Wie lange der Space den Befehl laufen lässt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Working directory:</source>
        <translation>A&amp;rbeitsverzeichnis:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the space&apos;s home folder</source>
        <translation>Home-Ordner des Space</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Scripts</source>
        <translation>Skripte</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Scri&amp;pt:</source>
        <translation>Skri&amp;pt:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Script</source>
        <translation>Skript</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Script description</source>
        <translation>Beschreibung des Skripts</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ar&amp;guments:</source>
        <translation>Ar&amp;gumente:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Script arguments</source>
        <translation>Skriptargumente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Separated by spaces; &quot;quote&quot; an argument that holds spaces</source>
        <translation>Durch Leerzeichen getrennt; ein Argument mit Leerzeichen in &quot;Anführungszeichen&quot; setzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arg1 &quot;second argument&quot;</source>
        <translation>arg1 &quot;zweites Argument&quot;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run scr&amp;ipt</source>
        <translation>Skr&amp;ipt ausführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run script</source>
        <translation>Skript ausführen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Script exit status</source>
        <translation>Exit-Status des Skripts</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Script output</source>
        <translation>Skriptausgabe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The script&apos;s output appears here.</source>
        <translation>Hier erscheint die Ausgabe des Skripts.</translation>
    </message>
</context>
<context>
    <name>CreateSpaceDialog</name>
    <message>
        <location filename="../ui/CreateSpaceDialog.ui" line="+9"/>
        <source>New Space</source>
        <translation>Neuer Space</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. my-project</source>
        <translation>z. B. mein-projekt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space name</source>
        <translation>Name des Space</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name problem</source>
        <translation>Problem mit dem Namen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Template:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template description</source>
        <translation>Beschreibung der Vorlage</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Shell:</source>
        <translation>&amp;Shell:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What this space is for (optional)</source>
        <translation>Wofür dieser Space da ist (optional)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Description length</source>
        <translation>Länge der Beschreibung</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Custom fields</source>
        <translation>Benutzerdefinierte Felder</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server&apos;s answer</source>
        <translation>Antwort des Servers</translation>
    </message>
</context>
<context>
    <name>LocalForwardDialog</name>
    <message>
        <location filename="../ui/LocalForwardDialog.ui" line="+5"/>
        <source>Forward to This Computer</source>
        <translation>An diesen Computer weiterleiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward to this computer</source>
        <translation>An diesen Computer weiterleiten</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Port of the &amp;space:</source>
        <translation>Port des &amp;Space:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Port of the space</source>
        <translation>Port des Space</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The port a service of this space listens on</source>
        <translation>Der Port, auf dem ein Dienst dieses Space lauscht</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Local port:</source>
        <translation>&amp;Lokaler Port:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Local port</source>
        <translation>Lokaler Port</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The port on this computer (127.0.0.1); a free one is suggested</source>
        <translation>Der Port auf diesem Computer (127.0.0.1); ein freier wird vorgeschlagen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Validation message</source>
        <translation>Prüfmeldung</translation>
    </message>
</context>
<context>
    <name>LocalScriptPanel</name>
    <message>
        <location filename="../ui/LocalScriptPanel.ui" line="+5"/>
        <source>Python file from this computer</source>
        <translation>Python-Datei von diesem Computer</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run a P&amp;ython file from this computer…</source>
        <translation>P&amp;ython-Datei von diesem Computer ausführen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs python3 FILE here, with SPACES_URL and SPACES_TOKEN of this connection, so that `import spaces` drives this server&apos;s spaces</source>
        <translation>Führt python3 DATEI hier aus, mit SPACES_URL und SPACES_TOKEN dieser Verbindung, sodass `import spaces` die Spaces dieses Servers steuert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run a Python file from this computer</source>
        <translation>Eine Python-Datei von diesem Computer ausführen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sto&amp;p</source>
        <translation>Sto&amp;ppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End the script and everything it started</source>
        <translation>Das Skript und alles, was es gestartet hat, beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the Python file</source>
        <translation>Die Python-Datei stoppen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Python file status</source>
        <translation>Status der Python-Datei</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Python file output</source>
        <translation>Ausgabe der Python-Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the Python file prints appears here as it runs.</source>
        <translation>Hier erscheint, was die Python-Datei während der Ausführung ausgibt.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="+6"/>
        <source>Spaces Desktop</source>
        <translation>Spaces Desktop</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Search by name, description or template</source>
        <translation>Nach Name, Beschreibung oder Vorlage suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search spaces</source>
        <translation>Spaces durchsuchen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Spaces</source>
        <translation>Spaces</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Space details</source>
        <translation>Details des Space</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Port forwards</source>
        <translation>Portweiterleitungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Space</source>
        <translation>&amp;Space</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+1"/>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;New Space…</source>
        <translation>&amp;Neuer Space…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create a new space</source>
        <translation>Einen neuen Space anlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the selected spaces</source>
        <translation>Die ausgewählten Spaces starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;op</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the selected spaces</source>
        <translation>Die ausgewählten Spaces stoppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restart</source>
        <translation>Neu sta&amp;rten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart the selected space</source>
        <translation>Den ausgewählten Space neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected spaces</source>
        <translation>Die ausgewählten Spaces löschen</translation>
    </message>
    <message>
        <source>Delete the selected space</source>
        <translation type="vanished">Den ausgewählten Space löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload the list from the server</source>
        <translation>Die Liste neu vom Server laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Find Spaces</source>
        <translation>Spaces &amp;suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the list of spaces</source>
        <translation>Die Liste der Spaces durchsuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Connections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add, edit or remove Knot servers</source>
        <translation>Knot-Server hinzufügen, bearbeiten oder entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit Spaces Desktop (running spaces keep running)</source>
        <translation>Spaces Desktop beenden (laufende Spaces laufen weiter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the details of the selected space</source>
        <translation>Die Details des ausgewählten Space zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+1</source>
        <translation>Alt+1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Port Forwards</source>
        <translation>&amp;Portweiterleitungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the port forwards of the selected space</source>
        <translation>Die Portweiterleitungen des ausgewählten Space zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+2</source>
        <translation>Alt+2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Console</source>
        <translation>&amp;Konsole</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the command console of the selected space</source>
        <translation>Die Befehlskonsole des ausgewählten Space zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+3</source>
        <translation>Alt+3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Terminal</source>
        <translation>&amp;Terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the terminals of the selected space</source>
        <translation>Die Terminals des ausgewählten Space zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+4</source>
        <translation>Alt+4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Logs</source>
        <translation>Pr&amp;otokolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the service log of the selected space</source>
        <translation>Das Dienstprotokoll des ausgewählten Space zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+5</source>
        <translation>Alt+5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Connect an AI Assistant…</source>
        <translation>&amp;KI-Assistent verbinden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let an AI assistant manage your spaces over MCP</source>
        <translation>Einen KI-Assistenten Ihre Spaces über MCP verwalten lassen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Spaces Desktop</source>
        <translation>&amp;Über Spaces Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Spaces Desktop</source>
        <translation>Über Spaces Desktop</translation>
    </message>
</context>
<context>
    <name>PortForwardPanel</name>
    <message>
        <location filename="../ui/PortForwardPanel.ui" line="+5"/>
        <source>Port forwards</source>
        <translation>Portweiterleitungen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Port forward availability</source>
        <translation>Verfügbarkeit der Portweiterleitungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Add forward…</source>
        <translation>&amp;Weiterleitung hinzufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward a port of this computer to a port of a space</source>
        <translation>Einen Port dieses Computers an einen Port eines Space weiterleiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add forward</source>
        <translation>Weiterleitung hinzufügen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Forward to this &amp;computer…</source>
        <translation>An diesen &amp;Computer weiterleiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reach a port of this space from this computer, through the server</source>
        <translation>Einen Port dieses Space über den Server von diesem Computer aus erreichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward to this computer</source>
        <translation>An diesen Computer weiterleiten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>S&amp;top forward</source>
        <translation>Weiterleitung st&amp;oppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the selected forward (Delete)</source>
        <translation>Die ausgewählte Weiterleitung stoppen (Entf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop forward</source>
        <translation>Weiterleitung stoppen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Open in browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected forwarded port in the web browser</source>
        <translation>Den ausgewählten weitergeleiteten Port im Webbrowser öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in browser</source>
        <translation>Im Browser öffnen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Port forward progress</source>
        <translation>Fortschritt der Portweiterleitung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load the forwards again</source>
        <translation>Die Weiterleitungen neu laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh forwards</source>
        <translation>Weiterleitungen aktualisieren</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Port forwards of the space</source>
        <translation>Portweiterleitungen des Space</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Connect to 127.0.0.1 and the local port. Double-click a forward to open it in your browser; Delete stops it.</source>
        <translation>Verbinden Sie sich mit 127.0.0.1 und dem lokalen Port. Doppelklicken Sie auf eine Weiterleitung, um sie im Browser zu öffnen; Entf stoppt sie.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/SettingsDialog.ui" line="+6"/>
        <location line="+15"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Spaces Desktop talks to the spaces server on this computer, or to a Knot server given by its address and an API token.</source>
        <translation>Spaces Desktop spricht mit dem Spaces-Server auf diesem Computer oder mit einem Knot-Server, den Adresse und API-Token angeben.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a Knot server</source>
        <translation>Einen Knot-Server hinzufügen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the connection</source>
        <translation>Die Verbindung entfernen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Knot server</source>
        <translation>Knot-Server</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection name</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Team cluster</source>
        <translation>z. B. Team-Cluster</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>https://knot.example.com</source>
        <translation>https://knot.example.com</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>API &amp;token:</source>
        <translation>API-&amp;Token:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection problem</source>
        <translation>Problem mit der Verbindung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the connection</source>
        <translation>Die Verbindung speichern</translation>
    </message>
</context>
<context>
    <name>SpaceActionState</name>
    <message>
        <location filename="../src/gui/SpaceActionState.cpp" line="+15"/>
        <location line="+30"/>
        <location line="+31"/>
        <source>Connect to a server first.</source>
        <translation>Verbinden Sie sich zuerst mit einem Server.</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>The selected spaces are already running.</source>
        <translation>Die ausgewählten Spaces laufen bereits.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The selected spaces are not running.</source>
        <translation>Die ausgewählten Spaces laufen nicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only a running space can be restarted.</source>
        <translation>Nur ein laufender Space kann neu gestartet werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the space before deleting it.</source>
        <translation>Stoppen Sie den Space, bevor Sie ihn löschen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stop the selected spaces before deleting them.</source>
        <translation>Stoppen Sie die ausgewählten Spaces, bevor Sie sie löschen.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Select a space first.</source>
        <translation>Wählen Sie zuerst einen Space aus.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select one or more spaces first.</source>
        <translation>Wählen Sie zuerst einen oder mehrere Spaces aus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select just one space for this.</source>
        <translation>Wählen Sie dafür genau einen Space aus.</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+42"/>
        <source>Wait until the operation in progress has finished.</source>
        <translation>Warten Sie, bis der laufende Vorgang abgeschlossen ist.</translation>
    </message>
</context>
<context>
    <name>SpaceDetailPanel</name>
    <message>
        <location filename="../ui/SpaceDetailPanel.ui" line="+6"/>
        <source>Space details</source>
        <translation>Details des Space</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No space selected</source>
        <translation>Kein Space ausgewählt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a space in the list to see its details, edit its description and set its custom fields.</source>
        <translation>Wählen Sie einen Space in der Liste aus, um seine Details zu sehen, seine Beschreibung zu bearbeiten und seine benutzerdefinierten Felder festzulegen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Selected spaces</source>
        <translation>Ausgewählte Spaces</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Names of the selected spaces</source>
        <translation>Namen der ausgewählten Spaces</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Start the selected spaces</source>
        <translation>Die ausgewählten Spaces starten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the selected spaces</source>
        <translation>Die ausgewählten Spaces stoppen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete the selected spaces</source>
        <translation>Die ausgewählten Spaces löschen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What applies to the selected spaces</source>
        <translation>Was für die ausgewählten Spaces gilt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Space name</source>
        <translation>Name des Space</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Why the space stopped</source>
        <translation>Warum der Space gestoppt wurde</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last lines of the space&apos;s log</source>
        <translation>Letzte Zeilen des Protokolls des Space</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;ID:</source>
        <translation>&amp;ID:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Space ID</source>
        <translation>ID des Space</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the space&apos;s ID to the clipboard</source>
        <translation>Die ID des Space in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy space ID</source>
        <translation>ID des Space kopieren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Template:</source>
        <translation>V&amp;orlage:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>S&amp;hell:</source>
        <translation>S&amp;hell:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What is this space for?</source>
        <translation>Wofür ist dieser Space da?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Description size</source>
        <translation>Größe der Beschreibung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept while you look at other spaces, until you save or revert it</source>
        <translation>Bleibt erhalten, auch während Sie andere Spaces ansehen, bis Sie sie speichern oder zurücksetzen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Revert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the saved description (Esc)</source>
        <translation>Zur gespeicherten Beschreibung zurückkehren (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revert description</source>
        <translation>Beschreibung zurücksetzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save</source>
        <translation>S&amp;peichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the description (Ctrl+S)</source>
        <translation>Die Beschreibung speichern (Strg+S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save description</source>
        <translation>Beschreibung speichern</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed elsewhere since you started editing — Save replaces it, Revert shows it</source>
        <translation>Anderswo geändert, seit Sie mit der Bearbeitung begonnen haben — Speichern ersetzt es, Zurücksetzen zeigt es</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description changed elsewhere</source>
        <translation>Beschreibung anderswo geändert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Custom &amp;fields</source>
        <translation>Benutzerdefinierte &amp;Felder</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Custom field status</source>
        <translation>Status der benutzerdefinierten Felder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show secrets</source>
        <translation>Geheimnisse anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show secret values</source>
        <translation>Geheime Werte anzeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the values of fields that hold keys, tokens, secrets or passwords</source>
        <translation>Die Werte von Feldern anzeigen, die Schlüssel, Tokens, Geheimnisse oder Passwörter enthalten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Custom fields</source>
        <translation>Benutzerdefinierte Felder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click or press F2 on a value to edit it</source>
        <translation>Doppelklicken Sie auf einen Wert oder drücken Sie F2, um ihn zu bearbeiten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The template of this space defines no custom fields.</source>
        <translation>Die Vorlage dieses Space legt keine benutzerdefinierten Felder fest.</translation>
    </message>
</context>
<context>
    <name>spaces::AddForwardDialog</name>
    <message>
        <location filename="../src/gui/AddForwardDialog.cpp" line="+33"/>
        <source>Connections to the local port on this computer reach the remote port of the target space, while “%1” is running.</source>
        <translation>Verbindungen zum lokalen Port auf diesem Computer erreichen den entfernten Port des Ziel-Space, solange „%1“ läuft.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+117"/>
        <source>&amp;Add forward</source>
        <translation>Weiterleitung &amp;hinzufügen</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>● %1 (running)</source>
        <translation>● %1 (läuft)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>○ %1 (not running)</source>
        <translation>○ %1 (läuft nicht)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>There is no space to forward to.</source>
        <translation>Es gibt keinen Space, an den weitergeleitet werden kann.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Adding…</source>
        <translation>Wird hinzugefügt…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The server did not add the forward: %1</source>
        <extracomment>%1: the server&apos;s own sentence (&quot;local port 8080 is already in use&quot;)</extracomment>
        <translation>Der Server hat die Weiterleitung nicht hinzugefügt: %1</translation>
    </message>
</context>
<context>
    <name>spaces::AppSession</name>
    <message>
        <location filename="../src/gui/AppSession.cpp" line="+87"/>
        <source>Looking for the spaces server on this computer…</source>
        <translation>Spaces-Server auf diesem Computer wird gesucht…</translation>
    </message>
</context>
<context>
    <name>spaces::CommandConsole</name>
    <message>
        <location filename="../src/models/CommandConsole.cpp" line="+38"/>
        <source>Type a command to run.</source>
        <translation>Geben Sie einen Befehl zum Ausführen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a space to run the command in.</source>
        <translation>Wählen Sie einen Space, in dem der Befehl ausgeführt werden soll.</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>This server does not stream output: it arrives when the command ends, and Stop only stops waiting.</source>
        <translation>Dieser Server streamt keine Ausgabe: Sie kommt erst, wenn der Befehl endet, und Stoppen beendet nur das Warten.</translation>
    </message>
</context>
<context>
    <name>spaces::ConnectAssistantDialog</name>
    <message>
        <location filename="../src/gui/ConnectAssistantDialog.cpp" line="+22"/>
        <source>The assistant acts with your token: whoever has it may do what you may do. Until you click Show token, the forms hold %1 in its place.</source>
        <translation>Der Assistent handelt mit Ihrem Token: Wer es hat, darf alles, was Sie dürfen. Bis Sie auf „Token anzeigen“ klicken, steht in den Formen an seiner Stelle %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On this computer &apos;spacectl mcp&apos; finds the server and its token by itself. The URL form needs the token: until you click Show token it holds %1 in its place.</source>
        <translation>Auf diesem Computer findet „spacectl mcp“ den Server und sein Token von selbst. Die URL-Form braucht das Token: Bis Sie auf „Token anzeigen“ klicken, steht an seiner Stelle %1.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hide token</source>
        <translation>Token verbergen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show token</source>
        <translation>Token anzeigen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the MCP URL</source>
        <translation>die MCP-URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the stdio command</source>
        <translation>den Stdio-Befehl</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the token</source>
        <translation>das Token</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the stdio configuration</source>
        <translation>die Stdio-Konfiguration</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the HTTP configuration</source>
        <translation>die HTTP-Konfiguration</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Copied %1.</source>
        <translation>%1 kopiert.</translation>
    </message>
</context>
<context>
    <name>spaces::ConnectionIndicator</name>
    <message>
        <location filename="../src/gui/ConnectionIndicator.cpp" line="+37"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a server to connect to.</source>
        <translation>Wählen Sie einen Server, mit dem Sie sich verbinden möchten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to the spaces server.</source>
        <translation>Verbindung zum Spaces-Server wird hergestellt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected: changes on the server show up at once.</source>
        <translation>Verbunden: Änderungen auf dem Server erscheinen sofort.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Polling</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The live connection is down; the list is refreshed every few seconds.</source>
        <translation>Die Live-Verbindung ist unterbrochen; die Liste wird alle paar Sekunden aktualisiert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The live connection is down since %1; the list is refreshed every few seconds.</source>
        <translation>Die Live-Verbindung ist seit %1 unterbrochen; die Liste wird alle paar Sekunden aktualisiert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disconnected since %1</source>
        <translation>Getrennt seit %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not answer; the app keeps trying to reconnect.</source>
        <translation>Der Server antwortet nicht; die App versucht weiter, sich zu verbinden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection: %1</source>
        <translation>Verbindung: %1</translation>
    </message>
</context>
<context>
    <name>spaces::ConnectionProfiles</name>
    <message>
        <location filename="../src/models/ConnectionProfiles.cpp" line="+71"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This computer cannot be changed.</source>
        <translation>„Dieser Computer“ kann nicht geändert werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+26"/>
        <location line="+35"/>
        <source>There is no such connection.</source>
        <translation>Diese Verbindung gibt es nicht.</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>This computer cannot be removed.</source>
        <translation>„Dieser Computer“ kann nicht entfernt werden.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Give the connection a name.</source>
        <translation>Geben Sie der Verbindung einen Namen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The server address must start with http:// or https:// and name a host, e.g. https://knot.example.com.</source>
        <translation>Die Serveradresse muss mit http:// oder https:// beginnen und einen Host nennen, z. B. https://knot.example.com.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the API token of the server.</source>
        <translation>Geben Sie das API-Token des Servers ein.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+3"/>
        <source>The name &quot;%1&quot; is taken by another connection.</source>
        <translation>Der Name „%1“ wird bereits von einer anderen Verbindung verwendet.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot make %1 readable by you only.</source>
        <translation>Die Leserechte von %1 können nicht auf Sie allein beschränkt werden.</translation>
    </message>
</context>
<context>
    <name>spaces::ConsoleModel</name>
    <message>
        <location filename="../src/models/ConsoleModel.cpp" line="+142"/>
        <source>[queued]</source>
        <translation>[wartet]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[running]</source>
        <translation>[läuft]</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>[exit %1, %2 ms]</source>
        <translation>[Exit-Code %1, %2 ms]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[exit %1, %2 ms: %3]</source>
        <translation>[Exit-Code %1, %2 ms: %3]</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>[done, %1 ms]</source>
        <translation>[fertig, %1 ms]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>[failed, %1 ms: %2]</source>
        <translation>[fehlgeschlagen, %1 ms: %2]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[timed out after %1 ms]</source>
        <translation>[Zeitüberschreitung nach %1 ms]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[abandoned after %1 ms]</source>
        <translation>[Warten nach %1 ms abgebrochen]</translation>
    </message>
</context>
<context>
    <name>spaces::ConsolePanel</name>
    <message>
        <source>%1 ms</source>
        <translation type="vanished">%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="vanished">%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="vanished">%1 min %2 s</translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="vanished">wartet</translation>
    </message>
    <message>
        <location filename="../src/gui/ConsolePanel.cpp" line="+285"/>
        <source>running…</source>
        <translation>läuft…</translation>
    </message>
    <message>
        <source>✓ exit %1 · %2</source>
        <translation type="vanished">✓ Exit-Code %1 · %2</translation>
    </message>
    <message>
        <source>✗ exit %1 · %2</source>
        <translation type="vanished">✗ Exit-Code %1 · %2</translation>
    </message>
    <message>
        <source>✓ done · %1</source>
        <translation type="vanished">✓ fertig · %1</translation>
    </message>
    <message>
        <source>✗ failed · %1: %2</source>
        <translation type="vanished">✗ fehlgeschlagen · %1: %2</translation>
    </message>
    <message>
        <source>⏱ timed out after %1</source>
        <translation type="vanished">⏱ Zeitüberschreitung nach %1</translation>
    </message>
    <message>
        <source>stopped waiting after %1</source>
        <translation type="vanished">Warten nach %1 abgebrochen</translation>
    </message>
    <message>
        <source>stopped waiting</source>
        <translation type="vanished">Warten abgebrochen</translation>
    </message>
    <message>
        <location line="-228"/>
        <source>Commands you run appear here with their output, exit status and duration.</source>
        <translation>Ausgeführte Befehle erscheinen hier mit Ausgabe, Exit-Status und Dauer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear command</source>
        <translation>Befehl leeren</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Load scripts</source>
        <translation>Skripte laden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✗ could not run</source>
        <translation>✗ konnte nicht ausgeführt werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run script %1</source>
        <translation>Skript %1 ausführen</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Select a space to run commands and scripts in it.</source>
        <translation>Wählen Sie einen Space aus, um darin Befehle und Skripte auszuführen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“%1” is not running. Start it to run commands and scripts in it.</source>
        <translation>„%1“ läuft nicht. Starten Sie den Space, um darin Befehle und Skripte auszuführen.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose a script first</source>
        <translation>Wählen Sie zuerst ein Skript</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There are no stored scripts to run</source>
        <translation>Es gibt keine gespeicherten Skripte zum Ausführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Run scr&amp;ipt</source>
        <translation>Skr&amp;ipt ausführen</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Running, %n more queued</source>
        <translation>
            <numerusform>Läuft, %n weiterer wartet</numerusform>
            <numerusform>Läuft, %n weitere warten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Run a command</source>
        <translation>Befehl ausführen</translation>
    </message>
    <message>
        <source>… %1 earlier characters not shown; Copy all has everything</source>
        <translation type="vanished">… %1 frühere Zeichen nicht angezeigt; „Alles kopieren“ erfasst alles</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>No stored scripts</source>
        <translation>Keine gespeicherten Skripte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a script…</source>
        <translation>Skript wählen…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>✓ exit %1</source>
        <translation>✓ Exit-Code %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ exit %1</source>
        <translation>✗ Exit-Code %1</translation>
    </message>
</context>
<context>
    <name>spaces::ConsoleTranscript</name>
    <message>
        <location filename="../src/gui/ConsoleTranscript.cpp" line="+40"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running…</source>
        <translation>läuft…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✓ exit %1 · %2</source>
        <translation>✓ Exit-Code %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ exit %1 · %2</source>
        <translation>✗ Exit-Code %1 · %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✓ done · %1</source>
        <translation>✓ fertig · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✗ failed · %1: %2</source>
        <translation>✗ fehlgeschlagen · %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⏱ timed out after %1</source>
        <translation>⏱ Zeitüberschreitung nach %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>■ stopped after %1</source>
        <translation>■ gestoppt nach %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped waiting after %1</source>
        <translation>Warten nach %1 abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped waiting</source>
        <translation>Warten abgebrochen</translation>
    </message>
    <message>
        <location line="+202"/>
        <source>… earlier lines not shown; Copy all has everything</source>
        <translation>… frühere Zeilen nicht angezeigt; „Alles kopieren“ enthält alles</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>… earlier output not shown; Copy all has everything</source>
        <translation>… frühere Ausgabe nicht angezeigt; „Alles kopieren“ enthält alles</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>… %1 earlier characters not shown; Copy all has everything</source>
        <translation>… %1 frühere Zeichen nicht angezeigt; „Alles kopieren“ enthält alles</translation>
    </message>
</context>
<context>
    <name>spaces::CreateSpaceDialog</name>
    <message>
        <location filename="../src/gui/CreateSpaceDialog.cpp" line="+33"/>
        <location line="+79"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Template default</source>
        <translation>Vorgabe der Vorlage</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>The server did not create the space: %1</source>
        <extracomment>%1: the server&apos;s own sentence (&quot;a space with this name already exists&quot;)</extracomment>
        <translation>Der Server hat den Space nicht angelegt: %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Letters, digits and dashes; starts with a letter.</source>
        <translation>Buchstaben, Ziffern und Bindestriche; beginnt mit einem Buchstaben.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 Bytes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 / %2 bytes: %3</source>
        <translation>%1 / %2 Bytes: %3</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Waiting for the server…</source>
        <translation>Warte auf den Server…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a template first</source>
        <translation>Wählen Sie zuerst eine Vorlage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the space a valid name first</source>
        <translation>Geben Sie dem Space zuerst einen gültigen Namen</translation>
    </message>
</context>
<context>
    <name>spaces::CustomFieldModel</name>
    <message>
        <location filename="../src/models/CustomFieldModel.cpp" line="+54"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+96"/>
        <source>Save the field %1</source>
        <translation>Feld %1 speichern</translation>
    </message>
</context>
<context>
    <name>spaces::EmptyStateWidget</name>
    <message>
        <location filename="../src/gui/EmptyStateWidget.cpp" line="+22"/>
        <source>Create your first space</source>
        <translation>Ersten Space anlegen</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No spaces yet</source>
        <translation>Noch keine Spaces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A space is a folder with its own shell, services and settings. Create one to get started.</source>
        <translation>Ein Space ist ein Ordner mit eigener Shell, eigenen Diensten und Einstellungen. Legen Sie einen an, um loszulegen.</translation>
    </message>
</context>
<context>
    <name>spaces::LocalForwardDialog</name>
    <message>
        <location filename="../src/gui/LocalForwardDialog.cpp" line="+34"/>
        <source>Connections to the local port on this computer reach the port of “%1”, while the app runs.</source>
        <translation>Verbindungen zum lokalen Port auf diesem Computer erreichen den Port von „%1“, solange die App läuft.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Forward</source>
        <translation>&amp;Weiterleiten</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Port %1 is already in use on this computer: choose another one.</source>
        <translation>Port %1 wird auf diesem Computer bereits verwendet: Wählen Sie einen anderen.</translation>
    </message>
</context>
<context>
    <name>spaces::LocalScriptPanel</name>
    <message>
        <location filename="../src/gui/LocalScriptPanel.cpp" line="+19"/>
        <source>Run a Python file</source>
        <translation>Python-Datei ausführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Python files (*.py);;All files (*)</source>
        <translation>Python-Dateien (*.py);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>■ stopped</source>
        <translation>■ gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✗ ended by a signal</source>
        <translation>✗ durch ein Signal beendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ exit 0</source>
        <translation>✓ Exit-Code 0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✗ exit %1</source>
        <translation>✗ Exit-Code %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✗ could not run</source>
        <translation>✗ konnte nicht ausgeführt werden</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>running %1…</source>
        <translation>%1 läuft…</translation>
    </message>
</context>
<context>
    <name>spaces::LocalScriptRunner</name>
    <message>
        <location filename="../src/models/LocalScriptRunner.cpp" line="+41"/>
        <source>A script from this computer is already running: stop it first.</source>
        <translation>Ein Skript von diesem Computer läuft bereits: Stoppen Sie es zuerst.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a Python file to run.</source>
        <translation>Wählen Sie eine Python-Datei zum Ausführen.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>%1 could not be started (is Python 3 installed on this computer?)</source>
        <translation>%1 konnte nicht gestartet werden (ist Python 3 auf diesem Computer installiert?)</translation>
    </message>
</context>
<context>
    <name>spaces::LogsPanel</name>
    <message>
        <location filename="../src/gui/LogsPanel.cpp" line="+78"/>
        <source>Find in log (Ctrl+F)</source>
        <translation>Im Protokoll suchen (Strg+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find in log</source>
        <translation>Im Protokoll suchen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+Eingabetaste)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next match (Enter)</source>
        <translation>Nächster Treffer (Eingabetaste)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Follow</source>
        <translation>&amp;Folgen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep showing the newest lines</source>
        <translation>Immer die neuesten Zeilen zeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Wrap</source>
        <translation>&amp;Umbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrap long lines</source>
        <translation>Lange Zeilen umbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time&amp;stamps</source>
        <translation>&amp;Zeitstempel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the time each line was written</source>
        <translation>Die Zeit zeigen, zu der jede Zeile geschrieben wurde</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy all</source>
        <translation>Alles kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save what is shown to a file</source>
        <translation>Das Angezeigte in einer Datei speichern</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>What the space&apos;s services print appears here.</source>
        <translation>Hier erscheint, was die Dienste des Space ausgeben.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Jump to end</source>
        <translation>Zum &amp;Ende springen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the newest lines and keep following them</source>
        <translation>Die neuesten Zeilen zeigen und ihnen weiter folgen</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>Select a space to see its log.</source>
        <translation>Wählen Sie einen Space aus, um sein Protokoll zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The log of “%1”</source>
        <translation>Das Protokoll von „%1“</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connecting to the log of “%1”…</source>
        <translation>Verbindung zum Protokoll von „%1“ wird hergestellt…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading the log of “%1”…</source>
        <translation>Das Protokoll von „%1“ wird geladen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● Live: the log of “%1”</source>
        <translation>● Live: das Protokoll von „%1“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 Trying again…</source>
        <translation>%1 Neuer Versuch…</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1+ matches</source>
        <translation>%1+ Treffer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 match</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 matches</source>
        <translation>%1 Treffer</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Save the log of “%1”</source>
        <translation>Das Protokoll von „%1“ speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the log</source>
        <translation>Das Protokoll speichern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved the log to %1</source>
        <translation>Protokoll in %1 gespeichert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not save the log to %1: %2</source>
        <translation>Das Protokoll konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>spaces::MainWindow</name>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="+75"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Start the local server</source>
        <translation>Den lokalen Server starten</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Ser&amp;ver:</source>
        <translation>Ser&amp;ver:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spaces server this window shows</source>
        <translation>Der Spaces-Server, den dieses Fenster zeigt</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Load the spaces</source>
        <translation>Spaces laden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 “%2”</source>
        <extracomment>%1: the operation (&quot;Start&quot;), %2: the space&apos;s name</extracomment>
        <translation>%1 „%2“</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 “%2”: done</source>
        <translation>%1 „%2“: erledigt</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Load the templates</source>
        <translation>Vorlagen laden</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location line="+81"/>
        <location line="+367"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="-364"/>
        <source>The spaces server on this computer</source>
        <translation>Der Spaces-Server auf diesem Computer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Manage connections…</source>
        <translation>Verbindungen verwalten…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Switch server</source>
        <translation>Server wechseln</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>About Spaces Desktop</source>
        <translation>Über Spaces Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Spaces Desktop %1&lt;/h3&gt;&lt;p&gt;Development spaces on this computer and on Knot servers, without a terminal.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Spaces Desktop %1&lt;/h3&gt;&lt;p&gt;Entwicklungs-Spaces auf diesem Computer und auf Knot-Servern, ganz ohne Terminal.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not connected to a server.</source>
        <translation>Nicht mit einem Server verbunden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Creating “%1”…</source>
        <translation>„%1“ wird angelegt…</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Delete Space</source>
        <translation>Space löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the space “%1” and its home folder? This cannot be undone.</source>
        <translation>Den Space „%1“ und seinen Home-Ordner löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+23"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Deleting “%1”…</source>
        <translation>„%1“ wird gelöscht…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete Spaces</source>
        <extracomment>%n: how many spaces, %1: their names</extracomment>
        <translation>Spaces löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete the %n spaces %1 and their home folders? This cannot be undone.</source>
        <translation>
            <numerusform>%n Space (%1) samt Home-Ordner löschen? Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Spaces (%1) samt Home-Ordnern löschen? Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Deleting %n spaces…</source>
        <translation>
            <numerusform>%n Space wird gelöscht…</numerusform>
            <numerusform>%n Spaces werden gelöscht…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1”: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Deleted %n spaces</source>
        <translation>
            <numerusform>%n Space gelöscht</numerusform>
            <numerusform>%n Spaces gelöscht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>; %n failed: %1</source>
        <extracomment>after &quot;Deleted 2 spaces&quot;; %n: how many failed, %1: each one&apos;s reason</extracomment>
        <translation>
            <numerusform>; %n fehlgeschlagen: %1</numerusform>
            <numerusform>; %n fehlgeschlagen: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” is running: stop it first, then delete it.</source>
        <extracomment>%1: the space&apos;s name</extracomment>
        <translation>„%1“ läuft: Stoppen Sie den Space zuerst und löschen Sie ihn dann.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n of the selected spaces are running: stop them first, then delete them.</source>
        <extracomment>%n: how many of the selected spaces run</extracomment>
        <translation>
            <numerusform>%n der ausgewählten Spaces läuft: Stoppen Sie ihn zuerst und löschen Sie ihn dann.</numerusform>
            <numerusform>%n der ausgewählten Spaces laufen: Stoppen Sie sie zuerst und löschen Sie sie dann.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No web browser opened %1. Copy the address and open it in a browser yourself.</source>
        <extracomment>%1: the forward&apos;s address (http://127.0.0.1:8080)</extracomment>
        <translation>Kein Webbrowser hat %1 geöffnet. Kopieren Sie die Adresse und öffnen Sie sie selbst in einem Browser.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Looking for the spaces server.</source>
        <translation>Der Spaces-Server wird gesucht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No spaces yet</source>
        <translation>Noch keine Spaces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A space is a folder with its own shell, services and settings. Create one to get started.</source>
        <translation>Ein Space ist ein Ordner mit eigener Shell, eigenen Diensten und Einstellungen. Legen Sie einen an, um loszulegen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No matching spaces</source>
        <translation>Keine passenden Spaces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No space matches the search and the status filter.</source>
        <translation>Kein Space passt zur Suche und zum Statusfilter.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Loading spaces…</source>
        <translation>Spaces werden geladen…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 — Spaces Desktop</source>
        <extracomment>%1: the connection&apos;s name</extracomment>
        <translation>%1 — Spaces Desktop</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Space “%1” stopped: %2</source>
        <extracomment>%1: the space&apos;s name, %2: the server&apos;s reason (&quot;exited with status 1&quot;)</extracomment>
        <translation>Space „%1“ wurde gestoppt: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show logs</source>
        <translation>Protokoll zeigen</translation>
    </message>
</context>
<context>
    <name>spaces::MessageBanner</name>
    <message>
        <location filename="../src/gui/MessageBanner.cpp" line="+21"/>
        <location line="+7"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+52"/>
        <source>Message action</source>
        <translation>Aktion zur Meldung</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Dismiss this message (Esc)</source>
        <translation>Diese Meldung schließen (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 failed: %2</source>
        <extracomment>%1 is what failed (&quot;Start web&quot;), %2 the server&apos;s sentence</extracomment>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>spaces::PortForwardModel</name>
    <message>
        <location filename="../src/models/PortForwardModel.cpp" line="+46"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to space %1</source>
        <translation>zum Space %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open %1 in a browser</source>
        <translation>%1 im Browser öffnen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Local port</source>
        <translation>Lokaler Port</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target space</source>
        <translation>Ziel-Space</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remote port</source>
        <translation>Entfernter Port</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persistent</source>
        <translation>Dauerhaft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>While the app runs</source>
        <translation>Solange die App läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to this computer</source>
        <translation>zu diesem Computer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Port %1 of %2 on this computer: open %3 in a browser</source>
        <translation>Port %1 von %2 auf diesem Computer: %3 im Browser öffnen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Forward of %1 to 127.0.0.1:%2</source>
        <translation>Weiterleitung von %1 an 127.0.0.1:%2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Forward port %1 to this computer</source>
        <translation>Port %1 an diesen Computer weiterleiten</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Load port forwards</source>
        <translation>Portweiterleitungen laden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Forward port %1</source>
        <translation>Port %1 weiterleiten</translation>
    </message>
    <message>
        <location line="-51"/>
        <location line="+57"/>
        <location line="+26"/>
        <source>Choose a space first.</source>
        <translation>Wählen Sie zuerst einen Space aus.</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Stop forward of port %1</source>
        <translation>Weiterleitung von Port %1 stoppen</translation>
    </message>
</context>
<context>
    <name>spaces::PortForwardPanel</name>
    <message>
        <location filename="../src/gui/PortForwardPanel.cpp" line="+134"/>
        <source>Select a space to see its port forwards.</source>
        <translation>Wählen Sie einen Space aus, um seine Portweiterleitungen zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” is not running. Start it to add port forwards; persistent forwards open again when it starts.</source>
        <translation>„%1“ läuft nicht. Starten Sie den Space, um Portweiterleitungen hinzuzufügen; dauerhafte Weiterleitungen werden beim Start erneut geöffnet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Forward a port of this computer to a port of a space</source>
        <translation>Einen Port dieses Computers an einen Port eines Space weiterleiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the space to add a forward</source>
        <translation>Starten Sie den Space, um eine Weiterleitung hinzuzufügen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reach a port of this space from this computer, through the server</source>
        <translation>Einen Port dieses Space über den Server von diesem Computer aus erreichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the space to forward its ports</source>
        <translation>Starten Sie den Space, um seine Ports weiterzuleiten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a space in the list to see its port forwards.</source>
        <translation>Wählen Sie einen Space in der Liste aus, um seine Portweiterleitungen zu sehen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add one to reach a port of a space from this computer, for example a web server in your browser.</source>
        <translation>Fügen Sie eine hinzu, um von diesem Computer aus einen Port eines Space zu erreichen, zum Beispiel einen Webserver in Ihrem Browser.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Persistent forwards of this space open again when it starts.</source>
        <translation>Dauerhafte Weiterleitungen dieses Space werden beim Start erneut geöffnet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No port forwards yet</source>
        <translation>Noch keine Portweiterleitungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No space selected</source>
        <translation>Kein Space ausgewählt</translation>
    </message>
</context>
<context>
    <name>spaces::ScriptModel</name>
    <message>
        <location filename="../src/models/ScriptModel.cpp" line="+28"/>
        <source>Global script %1</source>
        <translation>Globales Skript %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Script %1</source>
        <translation>Skript %1</translation>
    </message>
</context>
<context>
    <name>spaces::SettingsDialog</name>
    <message>
        <location filename="../src/gui/SettingsDialog.cpp" line="+43"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This computer is always available.</source>
        <translation>Dieser Computer ist immer verfügbar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New Knot server</source>
        <translation>Neuer Knot-Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Knot server</source>
        <translation>Knot-Server</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This computer: no settings needed</source>
        <translation>Dieser Computer: keine Einstellungen nötig</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Remove Connection</source>
        <translation>Verbindung entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the connection “%1”? Its spaces stay on the server.</source>
        <translation>Die Verbindung „%1“ entfernen? Ihre Spaces bleiben auf dem Server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>spaces::SpaceDetailPanel</name>
    <message>
        <location filename="../src/gui/SpaceDetailPanel.cpp" line="+94"/>
        <source>Hide secrets</source>
        <translation>Geheimnisse verbergen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show secrets</source>
        <translation>Geheimnisse anzeigen</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>%1 (%2)</source>
        <extracomment>%1: a space&apos;s name, %2: its status (&quot;running&quot;)</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n spaces selected</source>
        <translation>
            <numerusform>%n Space ausgewählt</numerusform>
            <numerusform>%n Spaces ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2</source>
        <extracomment>%1: an action (&quot;Delete&quot;), %2: why it does not apply to the selected spaces</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What you choose applies to every selected space.</source>
        <translation>Was Sie wählen, gilt für jeden ausgewählten Space.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Stopped at %1: %2</source>
        <translation>Gestoppt um %1: %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>the user&apos;s default shell</source>
        <translation>Standard-Shell des Benutzers</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Deployed; waiting for the space&apos;s agent to connect before commands can run.</source>
        <translation>Bereitgestellt; warte auf die Verbindung des Agenten im Space, bevor Befehle laufen können.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 Bytes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 / %2 bytes — too long</source>
        <translation>%1 / %2 Bytes – zu lang</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A description may hold up to %1 bytes (UTF-8).</source>
        <translation>Eine Beschreibung darf bis zu %1 Bytes (UTF-8) lang sein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server would refuse this: %1</source>
        <translation>Der Server würde dies ablehnen: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+63"/>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>&amp;Save</source>
        <translation>S&amp;peichern</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The description on the server now:</source>
        <translation>Die Beschreibung auf dem Server jetzt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>✓ “%1” saved</source>
        <translation>✓ „%1“ gespeichert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Double-click a value to edit it</source>
        <translation>Doppelklicken Sie auf einen Wert, um ihn zu bearbeiten</translation>
    </message>
</context>
<context>
    <name>spaces::SpaceListModel</name>
    <message>
        <location filename="../src/models/SpaceListModel.cpp" line="+57"/>
        <source>Space %1, made from the template %2</source>
        <translation>Space %1, angelegt aus der Vorlage %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space %1: %2</source>
        <translation>Space %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Running since %1</source>
        <translation>Läuft seit %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped at %1: %2</source>
        <translation>Gestoppt um %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made from the template %1</source>
        <translation>Aus der Vorlage %1 angelegt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No description</source>
        <translation>Keine Beschreibung</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+347"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Change description</source>
        <translation>Beschreibung ändern</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The space is gone already.</source>
        <translation>Den Space gibt es nicht mehr.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait until the operation in progress has finished.</source>
        <translation>Warten Sie, bis der laufende Vorgang abgeschlossen ist.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
</context>
<context>
    <name>spaces::SpaceStatusText</name>
    <message>
        <location filename="../src/models/SpaceStatus.cpp" line="+20"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Stoppt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleting</source>
        <translation>Wird gelöscht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Failed to start</source>
        <translation>Start fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Killed (%1)</source>
        <translation>Zwangsbeendet (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exited (%1)</source>
        <translation>Beendet (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exited</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Creating…</source>
        <translation>Wird angelegt …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting…</source>
        <translation>Startet …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping…</source>
        <translation>Stoppt …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restarting…</source>
        <translation>Startet neu …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleting…</source>
        <translation>Wird gelöscht …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
</context>
<context>
    <name>spaces::TemplateModel</name>
    <message>
        <location filename="../src/models/TemplateModel.cpp" line="+28"/>
        <source>Template %1</source>
        <translation>Vorlage %1</translation>
    </message>
</context>
<context>
    <name>spaces::TerminalPanel</name>
    <message>
        <location filename="../src/gui/TerminalPanel.cpp" line="+55"/>
        <source>The shell a new terminal runs</source>
        <translation>Die Shell, die ein neues Terminal ausführt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New terminal (Ctrl+Shift+T)</source>
        <translation>Neues Terminal (Strg+Umschalt+T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open in a new window</source>
        <translation>In neuem Fenster öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open in external terminal</source>
        <translation>In externem Terminal öffnen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Font…</source>
        <translation>Schriftart…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The font of every terminal; Ctrl+= and Ctrl+- zoom from it</source>
        <translation>Die Schriftart aller Terminals; Strg+= und Strg+- zoomen von ihr aus</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select a space to open a terminal in it.</source>
        <translation>Wählen Sie einen Space aus, um darin ein Terminal zu öffnen.</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>“%1” is not running. Start it to open a terminal in it.</source>
        <translation>„%1“ läuft nicht. Starten Sie den Space, um darin ein Terminal zu öffnen.</translation>
    </message>
    <message>
        <location line="+65"/>
        <location line="+3"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No terminal emulator found: set $TERMINAL, or install one such as xterm, gnome-terminal or konsole.</source>
        <translation>Kein Terminalemulator gefunden: Setzen Sie $TERMINAL oder installieren Sie einen, etwa xterm, gnome-terminal oder konsole.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Terminal Font</source>
        <translation>Terminal-Schriftart</translation>
    </message>
</context>
<context>
    <name>spaces::TerminalSession</name>
    <message>
        <location filename="../src/gui/TerminalSession.cpp" line="+47"/>
        <location line="+77"/>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Connecting to %1 in the space…</source>
        <translation>Verbindung zu %1 im Space wird hergestellt…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>shell exited</source>
        <translation>Shell beendet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New shell</source>
        <translation>Neue Shell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disconnected: %1</source>
        <translation>Getrennt: %1</translation>
    </message>
</context>
</TS>
