<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BundleExportDialog</name>
    <message>
        <location filename="../../ui/bundle_export.py" line="45"/>
        <source>Exporter le dossier de preuve</source>
        <translation>Export the evidence bundle</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="54"/>
        <source>dossier-de-preuve.zip</source>
        <translation>evidence-bundle.zip</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="55"/>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="57"/>
        <source>Exporter même sans procès-verbal signé</source>
        <translation>Export even without a signed report</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="60"/>
        <source>Les fichiers sont copiés tels quels, sans compression.</source>
        <translation>Files are copied as they are, uncompressed.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="63"/>
        <source>Exporter</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="65"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="72"/>
        <source>Constat</source>
        <translation>Constat</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="73"/>
        <source>Fichier</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="90"/>
        <source>Enregistrer le dossier de preuve</source>
        <translation>Save the evidence bundle</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="91"/>
        <source>Archive ZIP (*.zip)</source>
        <translation>ZIP archive (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="98"/>
        <source>Choisissez un constat et un fichier de destination.</source>
        <translation>Choose a constat and a destination file.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="104"/>
        <source>Export en cours…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="117"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="120"/>
        <source>Dossier de preuve exporté : {path}</source>
        <translation>Evidence bundle exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="121"/>
        <source>{files} fichiers, dont {mib} Mio de pièces</source>
        <translation>{files} files, including {mib} MiB of evidence</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="124"/>
        <source>Sommaire horodaté par {tsa} le {time}</source>
        <translation>Summary timestamped by {tsa} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="127"/>
        <source>Sommaire NON horodaté : aucune autorité d&apos;horodatage configurée.</source>
        <translation>Summary NOT timestamped: no timestamping authority configured.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="130"/>
        <source>Sommaire NON horodaté : aucune autorité d&apos;horodatage n&apos;a répondu ({why}).</source>
        <translation>Summary NOT timestamped: no timestamping authority answered ({why}).</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="133"/>
        <source>Attention : aucun procès-verbal signé dans ce dossier.</source>
        <translation>Warning: this bundle holds no signed report.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="140"/>
        <source>Échec de l&apos;export : </source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../../ui/bundle_export.py" line="145"/>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <location filename="../../ui/capture_panel.py" line="56"/>
        <source>Probant — Constat en cours</source>
        <translation>Probant — Constat in progress</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="74"/>
        <source>Ouverture du coffre : saisissez le PIN puis touchez votre clé…</source>
        <translation>Opening the vault: enter the PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="81"/>
        <source>Plein écran</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="82"/>
        <source>Écran</source>
        <translation>Screen</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="83"/>
        <source>Zone…</source>
        <translation>Area…</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="84"/>
        <source>Fenêtre active</source>
        <translation>Active window</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="94"/>
        <source>Annexe</source>
        <translation>Annex</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="94"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="95"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="95"/>
        <source>Horodatage</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="109"/>
        <source>Dernières captures :</source>
        <translation>Latest captures:</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="127"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="129"/>
        <source>DÉMONSTRATION, sans valeur probante</source>
        <translation>DEMONSTRATION, no probative value</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="135"/>
        <source>Aucun constat ouvert : ouvrez-en un d&apos;abord.</source>
        <translation>No open constat: open one first.</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="147"/>
        <source>Capture impossible.</source>
        <translation>Capture not possible.</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="153"/>
        <source>plein écran</source>
        <translation>full screen</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="153"/>
        <source>zone</source>
        <translation>area</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="154"/>
        <source>fenêtre active</source>
        <translation>active window</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="154"/>
        <source>écran</source>
        <translation>screen</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="158"/>
        <source>Raccourcis : </source>
        <translation>Shortcuts: </translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="186"/>
        <source>horodatée</source>
        <translation>timestamped</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="186"/>
        <source>en attente</source>
        <translation>pending</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="204"/>
        <source>Capture en cours…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="210"/>
        <source>Cliquez dans la fenêtre à capturer : capture dans {s} s…</source>
        <translation>Click into the window to capture: capture in {s} s…</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="236"/>
        <source>Zone annulée.</source>
        <translation>Area cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="249"/>
        <source>Annexe {annex} enregistrée ({w} × {h} px), SHA-256 {sha}…</source>
        <translation>Annex {annex} saved ({w} × {h} px), SHA-256 {sha}…</translation>
    </message>
    <message>
        <location filename="../../ui/capture_panel.py" line="256"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/first_run.py" line="127"/>
        <source>Probant — premier démarrage</source>
        <translation>Probant — first start</translation>
    </message>
</context>
<context>
    <name>GlobalHotkeys</name>
    <message>
        <location filename="../../ui/hotkeys.py" line="98"/>
        <source>Le raccourci {keys} est déjà utilisé par une autre application : utilisez le bouton du panneau.</source>
        <translation>The shortcut {keys} is already used by another application: use the panel&apos;s button.</translation>
    </message>
    <message>
        <location filename="../../ui/hotkeys.py" line="118"/>
        <source>Session Wayland : les raccourcis clavier globaux ne sont pas disponibles. Utilisez les boutons du panneau, ou ouvrez une session X11 (« Ubuntu sur Xorg »).</source>
        <translation>Wayland session: global keyboard shortcuts are not available. Use the panel&apos;s buttons, or log in to an X11 session (&quot;Ubuntu on Xorg&quot;).</translation>
    </message>
    <message>
        <location filename="../../ui/hotkeys.py" line="127"/>
        <source>Raccourcis clavier globaux indisponibles ({detail}). Utilisez les boutons du panneau.</source>
        <translation>Global keyboard shortcuts unavailable ({detail}). Use the panel&apos;s buttons.</translation>
    </message>
    <message>
        <location filename="../../ui/hotkeys.py" line="129"/>
        <source>Raccourcis clavier globaux non disponibles sur ce système ({platform}). Utilisez les boutons du panneau.</source>
        <translation>Global keyboard shortcuts are not available on this system ({platform}). Use the panel&apos;s buttons.</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="34"/>
        <source>L&apos;officier</source>
        <translation>The officer</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="35"/>
        <source>Ces mentions figureront dans chaque procès-verbal (art. 648 CPC).</source>
        <translation>These details will appear in every report (art. 648 CPC).</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="39"/>
        <source>Maître Prénom NOM</source>
        <translation>Maître First-name NAME</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="45"/>
        <source>Nom :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="46"/>
        <source>Étude :</source>
        <translation>Office:</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="47"/>
        <source>Adresse :</source>
        <translation>Address:</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="58"/>
        <source>Votre clé de sécurité</source>
        <translation>Your security key</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="59"/>
        <source>Branchez votre clé FIDO2 (YubiKey), puis cliquez sur « Enrôler ». Vous saisirez son PIN et la toucherez.</source>
        <translation>Plug in your FIDO2 key (YubiKey), then click &apos;Enroll&apos;. You will type its PIN and touch it.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="61"/>
        <source>Clé non enrôlée.</source>
        <translation>Key not enrolled.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="64"/>
        <source>Enrôler la clé et créer le coffre</source>
        <translation>Enroll the key and create the vault</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="73"/>
        <source>Saisissez le PIN, puis touchez votre clé…</source>
        <translation>Type the PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="85"/>
        <source>Coffre créé, clé enrôlée.</source>
        <translation>Vault created, key enrolled.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="45"/>
        <source>DÉMONSTRATION — sans valeur probante</source>
        <translation>DEMONSTRATION — no probative value</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="49"/>
        <source>Chargement du coffre…</source>
        <translation>Loading the vault…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="55"/>
        <source>Déverrouiller avec ma clé</source>
        <translation>Unlock with my key</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59"/>
        <source>Exporter un dossier de preuve…</source>
        <translation>Export an evidence bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Clés d&apos;accès au coffre…</source>
        <translation>Vault access keys…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>inactivité</source>
        <translation>inactivity</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133"/>
        <source>clé retirée</source>
        <translation>key removed</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63"/>
        <source>Horodatage des constats…</source>
        <translation>Timestamping of constats…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="68"/>
        <source>Capturer…</source>
        <translation>Capture…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>Procès-verbal…</source>
        <translation>Procès-verbal (report)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>Coffre verrouillé ({reason}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({reason}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Erreur : </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>Aucun coffre dans {home}.
Créez-le avec « probant init ».</source>
        <translation>No vault in {home}.
Create one with &apos;probant init&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Coffre verrouillé ({home}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({home}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Coffre ouvert : {home}</source>
        <translation>Vault open: {home}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>Dossiers : {d} · Constats : {c} · Pièces : {e}</source>
        <translation>Dossiers: {d} · Constats: {c} · Items: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>Authentificateur logiciel (simulation) : aucune protection matérielle.</source>
        <translation>Software authenticator (simulation): no hardware protection.</translation>
    </message>
</context>
<context>
    <name>PvDialog</name>
    <message>
        <location filename="../../ui/pv_dialog.py" line="107"/>
        <source>Procès-verbal de constat</source>
        <translation>Procès-verbal de constat (report)</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="121"/>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="121"/>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="122"/>
        <source>Détail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="133"/>
        <source>Observations du commissaire de justice : elles closent le procès-verbal.</source>
        <translation>The commissaire de justice&apos;s observations: they close the report.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="136"/>
        <source>Vérifier</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="136"/>
        <source>Générer le projet</source>
        <translation>Generate the draft</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="137"/>
        <source>Signer</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="137"/>
        <source>Compléter (B-LTA)</source>
        <translation>Complete (B-LTA)</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="138"/>
        <source>Exporter le PV signé…</source>
        <translation>Export the signed report…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="142"/>
        <source>Touchez votre clé pour signer</source>
        <translation>Touch your key to sign</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="143"/>
        <source>Choisissez le constat puis « Vérifier ».</source>
        <translation>Choose the constat, then &apos;Check&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="149"/>
        <location filename="../../ui/pv_dialog.py" line="401"/>
        <source>Aperçu : « Générer le projet ».</source>
        <translation>Preview: &apos;Generate the draft&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="155"/>
        <source>Constat</source>
        <translation>Constat</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="156"/>
        <source>Certificat de signature</source>
        <translation>Signing certificate</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="164"/>
        <source>Observations finales</source>
        <translation>Closing observations</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="192"/>
        <source>Vérification : PIN puis contact de votre clé ; horodatage de ce qui est en attente, puis les règles…</source>
        <translation>Checking: PIN, then touch your key; timestamping what is pending, then the rules…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="198"/>
        <source>Génération du projet : PIN puis contact de votre clé…</source>
        <translation>Generating the draft: PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="207"/>
        <source>Touchez votre clé pour signer : PIN et contact de votre clé, puis PIN de votre certificat de signature…</source>
        <translation>Touch your key to sign: your key&apos;s PIN and touch, then your signing certificate&apos;s PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="212"/>
        <source>Complément jusqu&apos;à B-LTA : PIN puis contact de votre clé…</source>
        <translation>Completing to B-LTA: PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="216"/>
        <source>Exporter le PV signé</source>
        <translation>Export the signed report</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="216"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="224"/>
        <source>Export du PV signé : PIN puis contact de votre clé…</source>
        <translation>Exporting the signed report: PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="231"/>
        <source>Aucun constat.</source>
        <translation>No constat.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="246"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="258"/>
        <source>Aucun certificat de signature pour vous : ajoutez-en un (« probant signer add »).</source>
        <translation>No signing certificate for you: add one (&apos;probant signer add&apos;).</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="261"/>
        <source>{n} règle(s) bloquent la signature.</source>
        <translation>{n} rule(s) block the signature.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="264"/>
        <source>Toutes les règles sont satisfaites : vous pouvez signer. Touchez votre clé pour signer (PIN et contact), puis donnez le PIN du certificat.</source>
        <translation>Every rule is satisfied: you may sign. Touch your key to sign (PIN and touch), then give the certificate&apos;s PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="268"/>
        <source>Dernier PV signé de ce constat : niveau {level}.</source>
        <translation>Latest signed report of this constat: level {level}.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="284"/>
        <source>Horodatage en attente pour les annexes {annexes} : je confirme que le PV le mentionnera et signe sans attendre.</source>
        <translation>Timestamp pending for annexes {annexes}: I confirm the report will say so and sign without waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="291"/>
        <source>✓ conforme</source>
        <translation>✓ satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="293"/>
        <source>⚠ confirmé</source>
        <translation>⚠ confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="294"/>
        <source>En attente pour {annexes} : le PV le mentionnera.</source>
        <translation>Pending for {annexes}: the report will say so.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="297"/>
        <source>✗ bloquant</source>
        <translation>✗ blocking</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="308"/>
        <source>Requérant renseigné</source>
        <translation>Requester given</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="309"/>
        <source>Mission renseignée</source>
        <translation>Mission given</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="310"/>
        <source>Constat clos</source>
        <translation>Constat closed</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="311"/>
        <source>Signé par le commissaire qui a mené le constat</source>
        <translation>Signed by the commissaire who led the constat</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="312"/>
        <source>Relevés d&apos;environnement (début et fin)</source>
        <translation>Environment reports (start and end)</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="313"/>
        <source>Annexes présentes et intactes</source>
        <translation>Annexes present and intact</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="314"/>
        <source>Pièces inchangées depuis leur capture</source>
        <translation>Items unchanged since captured</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="315"/>
        <source>Heures des annexes croissantes</source>
        <translation>Annex times increasing</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="316"/>
        <source>Horodatage qualifié des annexes</source>
        <translation>Qualified timestamps of the annexes</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="322"/>
        <source>Projet non signé : {pages} page(s), SHA-256 {sha}</source>
        <translation>Unsigned draft: {pages} page(s), SHA-256 {sha}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="324"/>
        <source>Projet généré : relisez-le avant de signer.</source>
        <translation>Draft generated: read it before signing.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="333"/>
        <source>Le projet affiché ne tient pas compte de vos dernières modifications : régénérez-le.</source>
        <translation>The draft shown does not include your latest changes: generate it again.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="339"/>
        <source>Aperçu impossible : le module QtPdf de Qt n&apos;est pas installé sur ce poste.</source>
        <translation>No preview: Qt&apos;s QtPdf module is not installed on this computer.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="346"/>
        <source>Aperçu de la page 1 :</source>
        <translation>Preview of page 1:</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="352"/>
        <source>PV signé (annexe {annex}) : niveau B-LTA, horodaté et vérifiable à long terme.</source>
        <translation>Report signed (annex {annex}): level B-LTA, timestamped and verifiable in the long term.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="356"/>
        <source>PV signé (annexe {annex}) : niveau {level}, les services de révocation (OCSP/CRL) n&apos;ont pas répondu. Il sera complété jusqu&apos;à B-LTA dès qu&apos;ils répondront : « Compléter (B-LTA) ».</source>
        <translation>PV signed (annex {annex}): level {level}; the revocation services (OCSP/CRL) did not answer. It will be completed up to B-LTA as soon as they answer: “Complete (B-LTA)”.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="361"/>
        <source>aucune autorité d&apos;horodatage configurée</source>
        <translation>no timestamping authority configured</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="362"/>
        <source>autorité d&apos;horodatage injoignable</source>
        <translation>timestamping authority unreachable</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="364"/>
        <source>PV signé hors ligne (annexe {annex}) : niveau {level} ({why}). Il sera complété jusqu&apos;à B-LTA dès que l&apos;autorité d&apos;horodatage répondra : « Compléter (B-LTA) ».</source>
        <translation>Report signed offline (annex {annex}): level {level} ({why}). It will be completed to B-LTA once the timestamping authority answers: &apos;Complete (B-LTA)&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="369"/>
        <source>PV signé : SHA-256 {sha}</source>
        <translation>Signed report: SHA-256 {sha}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="371"/>
        <source>Signature enregistrée dans le coffre.</source>
        <translation>Signature stored in the vault.</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="375"/>
        <source>Rapport de validation : valide</source>
        <translation>Validation report: valid</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="376"/>
        <source>Rapport de validation : NON VALIDE</source>
        <translation>Validation report: NOT VALID</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="377"/>
        <source> — niveau {level}</source>
        <translation> — level {level}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="379"/>
        <source>Signataire : {who}</source>
        <translation>Signer: {who}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="380"/>
        <source>Heure de l&apos;horodatage : {time}</source>
        <translation>Timestamp time: {time}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="381"/>
        <source>aucune (hors ligne)</source>
        <translation>none (offline)</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="382"/>
        <source>Révocation : {state}</source>
        <translation>Revocation: {state}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="383"/>
        <source>Indication ETSI EN 319 102-1 : {ades}</source>
        <translation>ETSI EN 319 102-1 indication: {ades}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="384"/>
        <source>Horodatage de document : {time}</source>
        <translation>Document timestamp: {time}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="386"/>
        <source>Problème : {p}</source>
        <translation>Problem: {p}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="388"/>
        <source>Rapport conservé dans le coffre : {id}</source>
        <translation>Report kept in the vault: {id}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="390"/>
        <source>SHA-256 du PV signé : {sha}</source>
        <translation>SHA-256 of the signed report: {sha}</translation>
    </message>
    <message>
        <location filename="../../ui/pv_dialog.py" line="394"/>
        <source>PV signé exporté : {path}</source>
        <translation>Signed report exported: {path}</translation>
    </message>
</context>
<context>
    <name>QtInteraction</name>
    <message>
        <location filename="../../ui/interaction.py" line="51"/>
        <source>Choisissez :</source>
        <translation>Choose:</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="58"/>
        <source>Nouveau PIN de {device} :</source>
        <translation>New PIN for {device}:</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="59"/>
        <source>PIN de {device} :</source>
        <translation>PIN for {device}:</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="61"/>
        <source>Essais restants : {n}</source>
        <translation>Tries left: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="64"/>
        <source>Probant — PIN de la clé</source>
        <translation>Probant — key PIN</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="73"/>
        <source>Confirmez le PIN :</source>
        <translation>Confirm the PIN:</translation>
    </message>
    <message>
        <location filename="../../ui/interaction.py" line="76"/>
        <source>Les deux PIN diffèrent.</source>
        <translation>The two PINs differ.</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="101"/>
        <source>Code de récupération</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="102"/>
        <source>Il ouvre le coffre si la clé est perdue. Notez-le et gardez-le hors ligne : il ne sera plus jamais affiché.</source>
        <translation>It opens the vault if the key is lost. Write it down and keep it offline: it will never be shown again.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="113"/>
        <source>Recopiez le dernier groupe pour confirmer :</source>
        <translation>Type the last group to confirm:</translation>
    </message>
</context>
<context>
    <name>ScreenOverlay</name>
    <message>
        <location filename="../../ui/region_selector.py" line="134"/>
        <source>Tracez la zone à capturer · Échap : annuler</source>
        <translation>Drag the area to capture · Esc: cancel</translation>
    </message>
    <message>
        <location filename="../../ui/region_selector.py" line="147"/>
        <source>{w} × {h} px</source>
        <translation>{w} × {h} px</translation>
    </message>
</context>
<context>
    <name>TimestampDialog</name>
    <message>
        <location filename="../../ui/timestamps.py" line="35"/>
        <source>Horodatage qualifié</source>
        <translation>Qualified timestamping</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="47"/>
        <source>Annexe</source>
        <translation>Annex</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="47"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="47"/>
        <source>Capture (UTC)</source>
        <translation>Capture (UTC)</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="47"/>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="48"/>
        <source>Heure TSA (UTC)</source>
        <translation>TSA time (UTC)</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="48"/>
        <source>Écart / raison</source>
        <translation>Gap / reason</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="57"/>
        <source>Horodater maintenant</source>
        <translation>Timestamp now</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="68"/>
        <source>Lecture du coffre…</source>
        <translation>Reading the vault…</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="71"/>
        <source>Demande de jeton aux autorités d&apos;horodatage…</source>
        <translation>Asking the timestamping authorities for a token…</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="76"/>
        <source>Aucun constat.</source>
        <translation>No constat.</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="91"/>
        <source>Horodatée</source>
        <translation>Timestamped</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="91"/>
        <source>En attente</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="93"/>
        <source>{gap:+.1f} s</source>
        <translation>{gap:+.1f} s</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="98"/>
        <source>{covered} horodatée(s), {pending} en attente</source>
        <translation>{covered} timestamped, {pending} pending</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="102"/>
        <source>Capture d&apos;écran</source>
        <translation>Screenshot</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="102"/>
        <location filename="../../ui/timestamps.py" line="103"/>
        <source>Vidéo</source>
        <translation>Video</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="103"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="104"/>
        <source>Rapport d&apos;environnement</source>
        <translation>Environment report</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="105"/>
        <source>Pièce remise</source>
        <translation>Handed-in file</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="105"/>
        <source>Procès-verbal</source>
        <translation>Report (procès-verbal)</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="109"/>
        <location filename="../../ui/timestamps.py" line="111"/>
        <source>pas encore demandé</source>
        <translation>not requested yet</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="112"/>
        <source> ({n} essai(s))</source>
        <translation> ({n} attempt(s))</translation>
    </message>
    <message>
        <location filename="../../ui/timestamps.py" line="117"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>TokenManager</name>
    <message>
        <location filename="../../ui/tokens.py" line="52"/>
        <source>Clés d&apos;accès au coffre</source>
        <translation>Vault access keys</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="59"/>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="59"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="60"/>
        <source>Utilisateur</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="60"/>
        <source>Enrôlée le</source>
        <translation>Enrolled on</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="68"/>
        <source>Nom de la nouvelle clé (ex. : clé de secours)</source>
        <translation>Name of the new key (e.g. spare key)</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="69"/>
        <source>Enrôler une nouvelle clé</source>
        <translation>Enroll a new key</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="71"/>
        <source>Retirer la clé sélectionnée</source>
        <translation>Remove the selected key</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="73"/>
        <source>Gardez une clé de secours au coffre-fort : sans clé ni code de récupération, le coffre ne s&apos;ouvre plus.</source>
        <translation>Keep a spare key in the safe: without a key or the recovery code, the vault no longer opens.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="91"/>
        <source>Code de récupération</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="92"/>
        <source>Clé FIDO2 (simulée)</source>
        <translation>FIDO2 key (simulated)</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="92"/>
        <source>Clé FIDO2</source>
        <translation>FIDO2 key</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="99"/>
        <source>Donnez un nom à la nouvelle clé.</source>
        <translation>Give the new key a name.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="101"/>
        <source>Touchez votre clé actuelle, puis la nouvelle clé…</source>
        <translation>Touch your current key, then the new key…</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="102"/>
        <source>Clé « {label} » enrôlée.</source>
        <translation>Key &apos;{label}&apos; enrolled.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="108"/>
        <source>Sélectionnez la clé à retirer.</source>
        <translation>Select the key to remove.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="111"/>
        <source>Retirer la clé « {label} » ? Elle n&apos;ouvrira plus le coffre.</source>
        <translation>Remove the key &apos;{label}&apos;? It will no longer open the vault.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="114"/>
        <source>Touchez votre clé pour confirmer…</source>
        <translation>Touch your key to confirm…</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="116"/>
        <source>Clé « {label} » retirée.</source>
        <translation>Key &apos;{label}&apos; removed.</translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="133"/>
        <source>Refusé : </source>
        <translation>Refused: </translation>
    </message>
    <message>
        <location filename="../../ui/tokens.py" line="142"/>
        <source>Retirer une clé</source>
        <translation>Remove a key</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../app/gui.py" line="242"/>
        <source>Déverrouillage : saisissez le PIN puis touchez votre clé…</source>
        <translation>Unlocking: type the PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="275"/>
        <source>Touchez votre clé ({label})</source>
        <translation>Touch your key ({label})</translation>
    </message>
</context>
</TS>
