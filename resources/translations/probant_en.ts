<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="+47"/>
        <source>À propos de Probant</source>
        <translation>About Probant</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+51"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Mode de fonctionnement</source>
        <translation>Operating mode</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Journal de l&apos;application : {path}</source>
        <translation>Application log: {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>non ouvert</source>
        <translation>not open</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Emplacement du journal de l&apos;application</source>
        <translation>Location of the application log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Composants et licences :</source>
        <translation>Components and licences:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Probant {version}</source>
        <translation>Probant {version}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mode DÉMONSTRATION : rien de ce qui est fait ici n&apos;a de valeur probante.</source>
        <translation>DEMONSTRATION mode: nothing done here has any evidential value.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mode normal (coffre de l&apos;étude).</source>
        <translation>Normal mode (the office&apos;s vault).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authentificateur SIMULÉ (logiciel) : il ne protège rien.</source>
        <translation>SIMULATED authenticator (software): it protects nothing.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authentificateur : connu une fois le coffre déverrouillé.</source>
        <translation>Authenticator: known once the vault is unlocked.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authentificateur : clé FIDO2 matérielle.</source>
        <translation>Authenticator: hardware FIDO2 key.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bibliothèques et licences</source>
        <translation>Libraries and licences</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Composant</source>
        <translation>Component</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>non installé</source>
        <translation>not installed</translation>
    </message>
</context>
<context>
    <name>BrowserWindow</name>
    <message>
        <location filename="../../ui/web/browser.py" line="+87"/>
        <source>Navigateur de constatation — constat {id}</source>
        <translation>Recording browser — constat {id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Navigateur de constatation</source>
        <translation>Recording browser</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Page précédente</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page suivante</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recharger la page</source>
        <translation>Reload the page</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adresse de la page</source>
        <translation>Page address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>https://…</source>
        <translation>https://…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aller</source>
        <translation>Go</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Charger l&apos;adresse</source>
        <translation>Load the address</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Page web enregistrée</source>
        <translation>Recorded web page</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Capture visible</source>
        <translation>Visible capture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capturer la partie visible de la page</source>
        <translation>Capture the visible part of the page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page entière</source>
        <translation>Full page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capturer la page entière, sur toute sa hauteur</source>
        <translation>Capture the whole page, its full height</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer le HTML reçu et le DOM affiché</source>
        <translation>Record the HTML received and the DOM shown</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imprimer la page en PDF</source>
        <translation>Print the page to PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MHTML</source>
        <translation>MHTML</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer la page et ses ressources en MHTML</source>
        <translation>Save the page and its resources as MHTML</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filmer la fenêtre</source>
        <translation>Film the window</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filmer la fenêtre du navigateur (vidéo en annexe) ; appuyer de nouveau pour arrêter</source>
        <translation>Film the browser window (video as an annex); press again to stop</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Terminer</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terminer la navigation et tout enregistrer</source>
        <translation>Finish browsing and record everything</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Démarrage du navigateur enregistré…</source>
        <translation>Starting the recorded browser…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>État du navigateur</source>
        <translation>Browser status</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Navigation enregistrée. Saisissez une adresse.</source>
        <translation>Browsing is recorded. Type an address.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>En attente de votre lecture de l&apos;avertissement sur le proxy.</source>
        <translation>Waiting for you to read the proxy warning.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Présence du proxy reconnue et enregistrée. Saisissez une adresse.</source>
        <translation>Proxy acknowledged and recorded. Type an address.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Lisez d&apos;abord l&apos;avertissement sur le proxy et reconnaissez-le.</source>
        <translation>First read the proxy warning and acknowledge it.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Adresse refusée : seules les adresses http:// et https:// sont ouvertes.</source>
        <translation>Address refused: only http:// and https:// addresses are opened.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Chargement de {url}…</source>
        <translation>Loading {url}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Page chargée : {url}</source>
        <translation>Page loaded: {url}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>La page ne s&apos;est pas chargée : {url}</source>
        <translation>The page did not load: {url}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bandeau de consentement détecté : {platform} ({url}).</source>
        <translation>Consent banner detected: {platform} ({url}).</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{n} capture(s) envoyée(s) au coffre : {url}</source>
        <translation>{n} capture(s) sent to the vault: {url}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connexion enregistrée comme fait : {url} (champs : {fields}). Le mot de passe est masqué dans l&apos;archive et le journal de navigation.</source>
        <translation>Login recorded as a fact: {url} (fields: {fields}). The password is masked in the archive and the navigation log.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Film de la fenêtre demandé au coffre ({w}×{h}).</source>
        <translation>Filming of the window asked of the vault ({w}×{h}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Film de la fenêtre arrêté.</source>
        <translation>Filming of the window stopped.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Téléchargement enregistré au coffre : {name} ({url}).</source>
        <translation>Download stored in the vault: {name} ({url}).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Finalisation : archive signée et journal envoyés au coffre…</source>
        <translation>Finishing: signed archive and log sent to the vault…</translation>
    </message>
</context>
<context>
    <name>BundleExportDialog</name>
    <message>
        <location filename="../../ui/bundle_export.py" line="+45"/>
        <source>Exporter le dossier de preuve</source>
        <translation>Export the evidence bundle</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>dossier-de-preuve.zip</source>
        <translation>evidence-bundle.zip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exporter même sans procès-verbal signé</source>
        <translation>Export even without a signed report</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Les fichiers sont copiés tels quels, sans compression.</source>
        <translation>Files are copied as they are, uncompressed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exporter</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Constat</source>
        <translation>Constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fichier</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Enregistrer le dossier de preuve</source>
        <translation>Save the evidence bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive ZIP (*.zip)</source>
        <translation>ZIP archive (*.zip)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choisissez un constat et un fichier de destination.</source>
        <translation>Choose a constat and a destination file.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export en cours…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dossier de preuve exporté : {path}</source>
        <translation>Evidence bundle exported: {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{files} fichiers, dont {mib} Mio de pièces</source>
        <translation>{files} files, including {mib} MiB of evidence</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sommaire horodaté par {tsa} le {time}</source>
        <translation>Summary timestamped by {tsa} at {time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sommaire NON horodaté : aucune autorité d&apos;horodatage configurée.</source>
        <translation>Summary NOT timestamped: no timestamping authority configured.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sommaire NON horodaté : aucune autorité d&apos;horodatage n&apos;a répondu ({why}).</source>
        <translation>Summary NOT timestamped: no timestamping authority answered ({why}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention : aucun procès-verbal signé dans ce dossier.</source>
        <translation>Warning: this bundle holds no signed report.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Échec de l&apos;export : </source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>CaptureBar</name>
    <message>
        <location filename="../../ui/capture_bar.py" line="+61"/>
        <source>Captures d&apos;écran…</source>
        <translation>Screenshots…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir le panneau des captures d&apos;écran</source>
        <translation>Open the screenshot panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Navigateur de constatation…</source>
        <translation>Recording browser…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir le navigateur de constatation enregistré</source>
        <translation>Open the recording browser</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+92"/>
        <source>● Enregistrer l&apos;écran</source>
        <translation>● Record the screen</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Démarrer ou arrêter l&apos;enregistrement vidéo de l&apos;écran</source>
        <translation>Start or stop the video recording of the screen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caméra</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caméra 1</source>
        <translation>Camera 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caméra 2</source>
        <translation>Camera 2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fichier vidéo (caméra simulée)…</source>
        <translation>Video file (simulated camera)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Aperçu</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher l&apos;aperçu de la caméra</source>
        <translation>Show the camera preview</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prendre une photo</source>
        <translation>Take a photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+90"/>
        <source>● Vidéo caméra</source>
        <translation>● Camera video</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Démarrer ou arrêter la vidéo de la caméra</source>
        <translation>Start or stop the camera video</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aperçu de la caméra</source>
        <translation>Camera preview</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Caméra :</source>
        <translation>&amp;Camera:</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Vidéo tenant lieu de caméra</source>
        <translation>Video standing in for the camera</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Simulée : {name}</source>
        <translation>Simulated: {name}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>■ Arrêter l&apos;enregistrement ({t})</source>
        <translation>■ Stop recording ({t})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>■ Arrêter la vidéo ({t})</source>
        <translation>■ Stop the video ({t})</translation>
    </message>
    <message>
        <location filename="../../app/desktop/capture_flow.py" line="+48"/>
        <source>Arrêt de l&apos;enregistrement : le dernier segment est enregistré…</source>
        <translation>Stopping the recording: the last segment is being saved…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Vidéo de l&apos;écran enregistrée : annexe {annex}, {segments} segment(s), {frames} images, {dropped} perdue(s).</source>
        <translation>Screen video saved: annex {annex}, {segments} segment(s), {frames} frames, {dropped} dropped.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enregistrement de l&apos;écran en cours (cadre rouge).</source>
        <translation>Screen recording in progress (red frame).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Photo enregistrée : annexe {annex}.</source>
        <translation>Photo saved: annex {annex}.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Vidéo de la caméra enregistrée : annexe {annex}, {frames} images.</source>
        <translation>Camera video saved: annex {annex}, {frames} frames.</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <location filename="../../ui/capture_panel.py" line="+57"/>
        <source>Probant — Constat en cours</source>
        <translation>Probant — Constat in progress</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ouverture du coffre : saisissez le PIN puis touchez votre clé…</source>
        <translation>Opening the vault: enter the PIN, then touch your key…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Plein écran</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écran</source>
        <translation>Screen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zone…</source>
        <translation>Area…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fenêtre active</source>
        <translation>Active window</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Annexe</source>
        <translation>Annex</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Horodatage</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Dernières captures :</source>
        <translation>Latest captures:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DÉMONSTRATION, sans valeur probante</source>
        <translation>DEMONSTRATION, no probative value</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Aucun constat ouvert : ouvrez-en un d&apos;abord.</source>
        <translation>No open constat: open one first.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Capture impossible.</source>
        <translation>Capture not possible.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>plein écran</source>
        <translation>full screen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>zone</source>
        <translation>area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fenêtre active</source>
        <translation>active window</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>écran</source>
        <translation>screen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Raccourcis : </source>
        <translation>Shortcuts: </translation>
    </message>
    <message>
        <location line="+28"/>
        <source>horodatée</source>
        <translation>timestamped</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>en attente</source>
        <translation>pending</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Capture en cours…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cliquez dans la fenêtre à capturer : capture dans {s} s…</source>
        <translation>Click into the window to capture: capture in {s} s…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Zone annulée.</source>
        <translation>Area cancelled.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Annexe {annex} enregistrée ({w} × {h} px), SHA-256 {sha}…</source>
        <translation>Annex {annex} saved ({w} × {h} px), SHA-256 {sha}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>CertificateWarnings</name>
    <message>
        <location filename="../../ui/web/certificate_warnings.py" line="+26"/>
        <source>Avertissement de sécurité</source>
        <translation>Security warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Texte de l&apos;avertissement</source>
        <translation>Text of the warning</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>J&apos;ai lu cet avertissement</source>
        <translation>I have read this warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuser (recommandé)</source>
        <translation>Refuse (recommended)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuser le certificat et ne pas charger la page</source>
        <translation>Refuse the certificate and do not load the page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continuer malgré l&apos;erreur</source>
        <translation>Continue despite the error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepter le certificat ; l&apos;acceptation est enregistrée</source>
        <translation>Accept the certificate; the acceptance is recorded</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Le certificat de sécurité de {url} n&apos;est pas valable : {description} (empreintes : {chain}). Le site n&apos;a peut-être pas l&apos;identité qu&apos;il annonce. Refuser est recommandé ; si vous continuez, votre acceptation, son heure et le certificat sont enregistrés dans le journal de navigation.</source>
        <translation>The security certificate of {url} is not valid: {description} (fingerprints: {chain}). The site may not be who it claims to be. Refusing is recommended; if you continue, your acceptance, its time and the certificate are recorded in the browsing log.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cette erreur ne peut pas être contournée.</source>
        <translation>This error cannot be bypassed.</translation>
    </message>
</context>
<context>
    <name>DeadlineNotifier</name>
    <message>
        <location filename="../../ui/deadlines.py" line="+57"/>
        <source>Échéance proche : « {title} » le {when}.</source>
        <translation>Deadline approaching: &apos;{title}&apos; on {when}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Probant — échéance</source>
        <translation>Probant — deadline</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/first_run.py" line="+165"/>
        <source>Probant — premier démarrage</source>
        <translation>Probant — first start</translation>
    </message>
</context>
<context>
    <name>GlobalHotkeys</name>
    <message>
        <location filename="../../ui/hotkeys.py" line="+100"/>
        <source>Le raccourci {keys} est déjà utilisé par une autre application : utilisez le bouton du panneau.</source>
        <translation>The shortcut {keys} is already used by another application: use the panel&apos;s button.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Session Wayland : les raccourcis clavier globaux ne sont pas disponibles. Utilisez les boutons du panneau, ou ouvrez une session X11 (« Ubuntu sur Xorg »).</source>
        <translation>Wayland session: global keyboard shortcuts are not available. Use the panel&apos;s buttons, or log in to an X11 session (&quot;Ubuntu on Xorg&quot;).</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+6"/>
        <source>Raccourcis clavier globaux indisponibles ({detail}). Utilisez les boutons du panneau.</source>
        <translation>Global keyboard shortcuts unavailable ({detail}). Use the panel&apos;s buttons.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Raccourcis clavier globaux non disponibles sur ce système ({platform}). Utilisez les boutons du panneau.</source>
        <translation>Global keyboard shortcuts are not available on this system ({platform}). Use the panel&apos;s buttons.</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="-97"/>
        <source>L&apos;officier</source>
        <translation>The officer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ces mentions figureront dans chaque procès-verbal (art. 648 CPC).</source>
        <translation>These details will appear in every report (art. 648 CPC).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Maître Prénom NOM</source>
        <translation>Maître First-name NAME</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nom :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Étude :</source>
        <translation>Office:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse :</source>
        <translation>Address:</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../ui/inspector.py" line="+33"/>
        <source>Choisissez une pièce dans la liste.</source>
        <translation>Choose an item in the list.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aperçu de la pièce</source>
        <translation>Preview of the item</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Taille réelle</source>
        <translation>Actual size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher la pièce en taille réelle</source>
        <translation>Show the item at actual size</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Position dans la vidéo (secondes)</source>
        <translation>Position in the video (seconds)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lire</source>
        <translation>Play</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lire la vidéo</source>
        <translation>Play the video</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Manifeste signé</source>
        <translation>Signed manifest</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Constatation sur cette pièce</source>
        <translation>Finding on this item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ce que vous constatez sur cette pièce…</source>
        <translation>What you find on this item…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sans observation</source>
        <translation>No observation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pièce sans observation</source>
        <translation>Item without observation</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Enregistrer la constatation</source>
        <translation>Save the finding</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pièce</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manifeste</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Constatation</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Annexe {annex} — {name} — SHA-256 {sha}</source>
        <translation>Annex {annex} — {name} — SHA-256 {sha}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Aucun manifeste.</source>
        <translation>No manifest.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Horodatage : non concerné.</source>
        <translation>Timestamp: not applicable.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Horodatée par l&apos;autorité le {when} (écart {gap:+.1f} s).</source>
        <translation>Timestamped by the authority on {when} (gap {gap:+.1f} s).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pas encore demandé</source>
        <translation>not requested yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage en attente ({reason}).</source>
        <translation>Timestamp pending ({reason}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pas d&apos;aperçu.</source>
        <translation>No preview.</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <location filename="../../ui/journal_view.py" line="+87"/>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date et heure</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Utilisateur</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Objet</source>
        <translation>Object</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Détails</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>JournalView</name>
    <message>
        <location line="+90"/>
        <source>Journal du coffre</source>
        <translation>Vault journal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filtrer par dossier</source>
        <translation>Filter by dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filtrer par constat</source>
        <translation>Filter by constat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rechercher dans le journal…</source>
        <translation>Search the journal…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recherche dans le journal</source>
        <translation>Journal search</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nombre d&apos;entrées affichées</source>
        <translation>Number of entries shown</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chaîne non vérifiée.</source>
        <translation>Chain not checked.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Résultat de la vérification</source>
        <translation>Result of the check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vérifier la chaîne</source>
        <translation>&amp;Verify the chain</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vérifier la chaîne du journal</source>
        <translation>Verify the journal&apos;s chain</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actualiser</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relire le journal</source>
        <translation>Read the journal again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fermer le journal</source>
        <translation>Close the journal</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Entrées du journal</source>
        <translation>Journal entries</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Dossier</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Constat</source>
        <translation>C&amp;onstat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Texte</source>
        <translation>&amp;Text</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Lecture du journal…</source>
        <translation>Reading the journal…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tous les dossiers</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Tous les constats</source>
        <translation>All constats</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{shown} entrée(s) affichée(s) sur {total}</source>
        <translation>{shown} of {total} entries shown</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vérification de la chaîne…</source>
        <translation>Verifying the chain…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Journal intègre : {n} entrées</source>
        <translation>Journal intact: {n} entries</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Journal ALTÉRÉ : {n} atteinte(s) sur {total} entrées</source>
        <translation>Journal ALTERED: {n} breach(es) in {total} entries</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="+11"/>
        <source>Votre clé de sécurité</source>
        <translation>Your security key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branchez votre clé FIDO2 (YubiKey), puis cliquez sur « Enrôler ». Vous saisirez son PIN et la toucherez.</source>
        <translation>Plug in your FIDO2 key (YubiKey), then click &apos;Enroll&apos;. You will type its PIN and touch it.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clé non enrôlée.</source>
        <translation>Key not enrolled.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrôler la clé et créer le coffre</source>
        <translation>Enroll the key and create the vault</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saisissez le PIN, puis touchez votre clé…</source>
        <translation>Type the PIN, then touch your key…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Coffre créé, clé enrôlée.</source>
        <translation>Vault created, key enrolled.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+76"/>
        <location line="+266"/>
        <source>DÉMONSTRATION — sans valeur probante</source>
        <translation>DEMONSTRATION — no probative value</translation>
    </message>
    <message>
        <location line="-256"/>
        <source>Chargement du coffre…</source>
        <translation>Loading the vault…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Déverrouiller avec ma clé</source>
        <translation>Unlock with my key</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exporter un dossier de preuve…</source>
        <translation>Export an evidence bundle…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Clés d&apos;accès au coffre…</source>
        <translation>Vault access keys…</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>inactivité</source>
        <translation>inactivity</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>clé retirée</source>
        <translation>key removed</translation>
    </message>
    <message>
        <location line="-169"/>
        <source>Horodatage des constats…</source>
        <translation>Timestamping of constats…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Capturer…</source>
        <translation>Capture…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Procès-verbal…</source>
        <translation>Procès-verbal (report)…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Verrouiller</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Déverrouiller le coffre</source>
        <translation>Unlock the vault</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir le panneau de capture</source>
        <translation>Open the capture panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage des constats</source>
        <translation>Timestamping of constats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Procès-verbal du constat</source>
        <translation>Report of the constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporter un dossier de preuve</source>
        <translation>Export an evidence bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clés d&apos;accès au coffre</source>
        <translation>Vault access keys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verrouiller le coffre</source>
        <translation>Lock the vault</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dossiers et constats</source>
        <translation>Dossiers and constats</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Verrouiller</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Réglages…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dossier</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Nouveau dossier…</source>
        <translation>&amp;New dossier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nouveau &amp;constat…</source>
        <translation>New &amp;constat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Importer des pièces…</source>
        <translation>&amp;Import items…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lore le constat…</source>
        <translation>C&amp;lose the constat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Outils</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Journal…</source>
        <translation>&amp;Journal…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vérifier le coffre…</source>
        <translation>&amp;Verify the vault…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vérifier un dossier de &amp;preuve…</source>
        <translation>Verify an evidence &amp;bundle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Utilisateurs…</source>
        <translation>&amp;Users…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Synchronisation…</source>
        <translation>&amp;Sync…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clés d&apos;accès…</source>
        <translation>Access &amp;keys…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>À &amp;propos de Probant</source>
        <translation>&amp;About Probant</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>à votre demande</source>
        <translation>at your request</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Coffre verrouillé ({reason}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({reason}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Logo de Probant</source>
        <translation>Probant logo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probant — constats numériques</source>
        <translation>Probant — digital evidence reports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le code PIN de votre clé de sécurité, puis un appui sur la clé, vous seront demandés.</source>
        <translation>You will be asked for your security key&apos;s PIN, then to touch the key.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>RETOUR EN ARRIÈRE DÉTECTÉ — coffre ouvert en lecture seule : {why}. Rien ne peut y être écrit ; faites vérifier le coffre (Outils › Vérifier le coffre).</source>
        <translation>ROLLBACK DETECTED — vault opened read-only: {why}. Nothing can be written to it; have the vault checked (Tools › Check the vault).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Réservé au commissaire de justice : un collaborateur ne capture pas.</source>
        <translation>Reserved for the commissaire de justice: a collaborateur does not take captures.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Coffre ouvert</source>
        <translation>Vault open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coffre verrouillé</source>
        <translation>Vault locked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>commissaire de justice</source>
        <translation>commissaire de justice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>collaborateur</source>
        <translation>collaborateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} horodatage(s) en attente</source>
        <translation>{n} pending timestamp(s)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Réseau : non vérifié</source>
        <translation>Network: not checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aucune autorité d&apos;horodatage n&apos;est configurée.</source>
        <translation>No timestamping authority is configured.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>En ligne ({host})</source>
        <translation>Online ({host})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hors ligne : les horodatages attendent</source>
        <translation>Offline: timestamps are waiting</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Erreur : </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Étude : {office}, {address}</source>
        <translation>Office: {office}, {address}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Étude : à renseigner (Outils › Utilisateurs › « Modifier l&apos;étude… »), le procès-verbal l&apos;exige.</source>
        <translation>Office: to be filled in (Tools › Users › “Edit the office…”), the procès-verbal requires it.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Aucun coffre dans {home}.
Créez-le avec « probant init ».</source>
        <translation>No vault in {home}.
Create one with &apos;probant init&apos;.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coffre verrouillé ({home}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({home}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coffre ouvert : {home}</source>
        <translation>Vault open: {home}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dossiers : {d} · Constats : {c} · Pièces : {e}</source>
        <translation>Dossiers: {d} · Constats: {c} · Items: {e}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Authentificateur logiciel (simulation) : aucune protection matérielle.</source>
        <translation>Software authenticator (simulation): no hardware protection.</translation>
    </message>
    <message>
        <location filename="../../app/desktop/constat_flow.py" line="+67"/>
        <source>Dossier créé : {title}</source>
        <translation>Dossier created: {title}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Dossier modifié : {title}</source>
        <translation>Dossier edited: {title}</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+153"/>
        <source>Réservé au commissaire de justice.</source>
        <translation>Reserved for the commissaire de justice.</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Narration enregistrée (version {n}).</source>
        <translation>Narrative saved (version {n}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Constatation enregistrée (version {n}).</source>
        <translation>Finding saved (version {n}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ouverture du constat : relevé de l&apos;environnement…</source>
        <translation>Opening the constat: environment report…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Relevé de l&apos;environnement en cours…</source>
        <translation>Environment report in progress…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Relevé enregistré (annexe {annex}).</source>
        <translation>Environment report saved (annex {annex}).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Avertissements pris en compte : {n}, consignés au journal.</source>
        <translation>Warnings acknowledged: {n}, recorded in the journal.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pièces remises à importer</source>
        <translation>Handed-in files to import</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import des pièces…</source>
        <translation>Importing items…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Progression de l&apos;import</source>
        <translation>Import progress</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{n} pièce(s) importée(s).</source>
        <translation>{n} item(s) imported.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Clore le constat</source>
        <translation>Close the constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clore ce constat ? Le relevé de fin est pris maintenant ; un constat clos ne reçoit plus de pièces. Cette action est définitive.</source>
        <translation>Close this constat? The end report is taken now; a closed constat receives no more items. This cannot be undone.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clôture : relevé de fin de l&apos;environnement…</source>
        <translation>Closing: end environment report…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Constat clos le {when}. Relevé de fin : annexe {annex}.</source>
        <translation>Constat closed on {when}. End report: annex {annex}.</translation>
    </message>
    <message>
        <location filename="../../app/desktop/shell.py" line="+113"/>
        <source>Déverrouillage : saisissez le PIN puis touchez votre clé…</source>
        <translation>Unlocking: type the PIN, then touch your key…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Touchez votre clé ({label})</source>
        <translation>Touch your key ({label})</translation>
    </message>
</context>
<context>
    <name>NarrativeDialog</name>
    <message>
        <location filename="../../ui/matter_dialogs.py" line="+194"/>
        <location line="+3"/>
        <source>Narration du constat</source>
        <translation>Narrative of the constat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ce texte figure au procès-verbal ; chaque enregistrement est une nouvelle version, consignée au journal.</source>
        <translation>This text appears in the report; each save is a new version, recorded in the journal.</translation>
    </message>
</context>
<context>
    <name>NavigationLog</name>
    <message>
        <location filename="../../ui/web/navigation_log.py" line="+24"/>
        <source>Journal de navigation</source>
        <translation>Browsing log</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP du serveur</source>
        <translation>Server IP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DNS du poste</source>
        <translation>Workstation DNS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empreinte du certificat (SHA-256)</source>
        <translation>Certificate fingerprint (SHA-256)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>échec : {error}</source>
        <translation>failed: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ {addresses} (le serveur joint n&apos;en fait pas partie)</source>
        <translation>⚠ {addresses} (the server reached is not among them)</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <location filename="../../ui/navigator.py" line="+61"/>
        <source>Rechercher un dossier (titre, requérant)…</source>
        <translation>Search a dossier (title, requester)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recherche de dossier</source>
        <translation>Dossier search</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+48"/>
        <source>Dossiers</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Constats du dossier</source>
        <translation>Constats of the dossier</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pièces du constat</source>
        <translation>Items of the constat</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Annexe</source>
        <translation>Annex</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nature</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nouveau dossier…</source>
        <translation>New dossier…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Créer un dossier</source>
        <translation>Create a dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nouveau constat…</source>
        <translation>New constat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir un constat dans ce dossier</source>
        <translation>Open a constat in this dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importer des pièces…</source>
        <translation>Import items…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importer des fichiers remis</source>
        <translation>Import handed-in files</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+93"/>
        <source>Relevé d&apos;environnement</source>
        <translation>Environment report</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>Relever l&apos;environnement maintenant</source>
        <translation>Take the environment report now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clore le constat…</source>
        <translation>Close the constat…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clore le constat</source>
        <translation>Close the constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modifier…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modifier le dossier choisi</source>
        <translation>Edit the chosen dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Narration…</source>
        <translation>Narrative…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écrire la narration du constat</source>
        <translation>Write the constat&apos;s narrative</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Constats</source>
        <translation>Constats</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Horodatée</source>
        <translation>Timestamped</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>En attente</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Capture d&apos;écran</source>
        <translation>Screenshot</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vidéo</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment vidéo</source>
        <translation>Video segment</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pièce remise</source>
        <translation>Handed-in file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Procès-verbal</source>
        <translation>Report (procès-verbal)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive web (WACZ)</source>
        <translation>Web archive (WACZ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Journal de navigation</source>
        <translation>Browsing log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive web partielle (WARC)</source>
        <translation>Partial web archive (WARC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Téléchargement (site web)</source>
        <translation>Download (website)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page web (écran)</source>
        <translation>Web page (screen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page web entière</source>
        <translation>Full web page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page web (DOM rendu)</source>
        <translation>Web page (rendered DOM)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page web (source reçue)</source>
        <translation>Web page (source as received)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page web (MHTML)</source>
        <translation>Web page (MHTML)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Page web (PDF)</source>
        <translation>Web page (PDF)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapport de validation</source>
        <translation>Validation report</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Échéance : {when}</source>
        <translation>Deadline: {when}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>ouvert</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>clos</source>
        <translation>closed</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Aucun constat choisi.</source>
        <translation>No constat chosen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mission : {m}</source>
        <translation>Mission: {m}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lieu : {p}</source>
        <translation>Place: {p}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvert le {t} (heure légale française)</source>
        <translation>Opened on {t} (French legal time)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clos le {t} (heure légale française)</source>
        <translation>Closed on {t} (French legal time)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Réservé au commissaire de justice.</source>
        <translation>Reserved for the commissaire de justice.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le constat est clos : il ne reçoit plus de pièces.</source>
        <translation>The constat is closed: it receives no more items.</translation>
    </message>
</context>
<context>
    <name>NewConstatDialog</name>
    <message>
        <location filename="../../ui/matter_dialogs.py" line="-92"/>
        <source>Nouveau constat</source>
        <translation>New constat</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Lieu des opérations</source>
        <translation>Place of operations</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Poste de travail de l&apos;étude</source>
        <translation>The office&apos;s workstation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ou l&apos;adresse du lieu du constat</source>
        <translation>or the address of the constat&apos;s place</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mission</source>
        <translation>Mission</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ce qui doit être constaté…</source>
        <translation>What is to be established…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dossier :</source>
        <translation>Dossier:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requérant :</source>
        <translation>Requester:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mission :</source>
        <translation>Mission:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lieu des opérations :</source>
        <translation>Place of operations:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>À l&apos;ouverture, l&apos;environnement du poste est relevé (NF Z67-147) et ses avertissements vous seront présentés.</source>
        <translation>On opening, the workstation&apos;s environment is recorded (NF Z67-147) and its warnings will be shown to you.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Décrivez la mission.</source>
        <translation>Describe the mission.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Indiquez le lieu des opérations.</source>
        <translation>Give the place of operations.</translation>
    </message>
</context>
<context>
    <name>NewDossierDialog</name>
    <message>
        <location line="-104"/>
        <source>Nouveau dossier</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modifier le dossier</source>
        <translation>Edit the dossier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intitulé du dossier</source>
        <translation>Title of the dossier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Échéance</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le dossier a une échéance</source>
        <translation>The dossier has a deadline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date et heure d&apos;échéance</source>
        <translation>Deadline date and time</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Référence du dossier à l&apos;étude</source>
        <translation>The office&apos;s reference for the dossier</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Intitulé :</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Référence :</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requérant :</source>
        <translation>Requester:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Donnez un intitulé au dossier.</source>
        <translation>Give the dossier a title.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Identité du requérant incomplète (art. 648 CPC) : {fields}.</source>
        <translation>Requester&apos;s identity incomplete (art. 648 CPC): {fields}.</translation>
    </message>
</context>
<context>
    <name>OfficeForm</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="+194"/>
        <source>Modifier l&apos;étude</source>
        <translation>Edit the office</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nom de l&apos;étude</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adresse de l&apos;étude</source>
        <translation>Office address</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Étude :</source>
        <translation>Office:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse :</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le procès-verbal imprime le nom et l&apos;adresse de l&apos;étude. Les utilisateurs de la même étude suivent la modification, consignée au journal.</source>
        <translation>The procès-verbal prints the office&apos;s name and address. Users of the same office follow the change, which is recorded in the journal.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Donnez le nom et l&apos;adresse de l&apos;étude.</source>
        <translation>Give the office&apos;s name and address.</translation>
    </message>
</context>
<context>
    <name>ProxyWarning</name>
    <message>
        <location filename="../../ui/web/proxy_warning.py" line="+23"/>
        <source>Avertissement : proxy sur ce poste</source>
        <translation>Warning: proxy on this workstation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Texte de l&apos;avertissement sur le proxy</source>
        <translation>Text of the proxy warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>J&apos;ai lu cet avertissement</source>
        <translation>I have read this warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continuer la constatation</source>
        <translation>Continue the constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnaître la présence du proxy et naviguer ; la reconnaissance est enregistrée</source>
        <translation>Acknowledge the proxy and browse; the acknowledgement is recorded</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Attention : un proxy est configuré sur ce poste ({proxies}). Le navigateur de constatation ne l&apos;utilise pas (connexion directe), mais un proxy peut modifier ce que voit ce poste et sa présence peut être discutée devant le juge. Lisez cet avertissement et reconnaissez-le pour naviguer : votre reconnaissance et son heure sont enregistrées dans le journal de navigation.</source>
        <translation>Warning: a proxy is configured on this workstation ({proxies}). The recording browser does not use it (direct connection), but a proxy can change what this workstation sees and its presence may be argued before the judge. Read this warning and acknowledge it to browse: your acknowledgement and its time are recorded in the navigation log.</translation>
    </message>
</context>
<context>
    <name>PvDialog</name>
    <message>
        <location filename="../../ui/pv_dialog.py" line="+84"/>
        <source>Procès-verbal de constat</source>
        <translation>Procès-verbal de constat (report)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Règle</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Détail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Observations du commissaire de justice : elles closent le procès-verbal.</source>
        <translation>The commissaire de justice&apos;s observations: they close the report.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vérifier</source>
        <translation>Check</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Générer le projet</source>
        <translation>Generate the draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signer</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Compléter (B-LTA)</source>
        <translation>Complete (B-LTA)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporter le PV signé…</source>
        <translation>Export the signed report…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Touchez votre clé pour signer</source>
        <translation>Touch your key to sign</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choisissez le constat puis « Vérifier ».</source>
        <translation>Choose the constat, then &apos;Check&apos;.</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+311"/>
        <source>Aperçu : « Générer le projet ».</source>
        <translation>Preview: &apos;Generate the draft&apos;.</translation>
    </message>
    <message>
        <location line="-305"/>
        <source>Constat</source>
        <translation>Constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificat de signature</source>
        <translation>Signing certificate</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Observations finales</source>
        <translation>Closing observations</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Touchez votre clé pour signer : PIN et contact de votre clé, puis PIN de votre certificat de signature…</source>
        <translation>Touch your key to sign: your key&apos;s PIN and touch, then your signing certificate&apos;s PIN…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exporter le PV signé</source>
        <translation>Export the signed report</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Vérification : horodatage de ce qui est en attente, puis les règles…</source>
        <translation>Checking: timestamping what is pending, then the rules…</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Émettre une réserve…</source>
        <translation>Write a reservation…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Un point de l&apos;environnement n&apos;est pas établi : votre réserve, imprimée au procès-verbal, permet de signer en le disant.</source>
        <translation>A point of the environment is not established: your reservation, printed in the report, lets you sign while saying so.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Génération du projet de procès-verbal…</source>
        <translation>Generating the draft report…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Complément jusqu&apos;à B-LTA…</source>
        <translation>Completing up to B-LTA…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Export du PV signé…</source>
        <translation>Exporting the signed report…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Aucun constat.</source>
        <translation>No constat.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Aucun certificat de signature pour vous : ajoutez-en un (« probant signer add »).</source>
        <translation>No signing certificate for you: add one (&apos;probant signer add&apos;).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} règle(s) bloquent la signature.</source>
        <translation>{n} rule(s) block the signature.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Toutes les règles sont satisfaites : vous pouvez signer. Touchez votre clé pour signer (PIN et contact), puis donnez le PIN du certificat.</source>
        <translation>Every rule is satisfied: you may sign. Touch your key to sign (PIN and touch), then give the certificate&apos;s PIN.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dernier PV signé de ce constat : niveau {level}.</source>
        <translation>Latest signed report of this constat: level {level}.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Horodatage en attente pour les annexes {annexes} : je confirme que le PV le mentionnera et signe sans attendre.</source>
        <translation>Timestamp pending for annexes {annexes}: I confirm the report will say so and sign without waiting.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>⚠ réserve</source>
        <translation>⚠ reservation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réserve : {text}</source>
        <translation>Reservation: {text}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ conforme</source>
        <translation>✓ satisfied</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ confirmé</source>
        <translation>⚠ confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En attente pour {annexes} : le PV le mentionnera.</source>
        <translation>Pending for {annexes}: the report will say so.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✗ bloquant</source>
        <translation>✗ blocking</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Réserve</source>
        <translation>Reservation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Réserve sur « {rule} » :
{why}</source>
        <translation>Reservation on &apos;{rule}&apos;:
{why}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Une réserve doit dire quelque chose.</source>
        <translation>A reservation must say something.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Réserve enregistrée, vérification des règles…</source>
        <translation>Reservation recorded, checking the rules…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requérant renseigné</source>
        <translation>Requester given</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mission renseignée</source>
        <translation>Mission given</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Constat clos</source>
        <translation>Constat closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signé par le commissaire qui a mené le constat</source>
        <translation>Signed by the commissaire who led the constat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relevés d&apos;environnement (début et fin)</source>
        <translation>Environment reports (start and end)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annexes présentes et intactes</source>
        <translation>Annexes present and intact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pièces inchangées depuis leur capture</source>
        <translation>Items unchanged since captured</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heures des annexes croissantes</source>
        <translation>Annex times increasing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage RFC 3161 des annexes</source>
        <translation>RFC 3161 timestamps on the annexes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Une constatation sur chaque pièce</source>
        <translation>A finding on every item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Narration du constat</source>
        <translation>Constat narrative</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lieu des opérations</source>
        <translation>Place of operations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Étude du commissaire (nom et adresse)</source>
        <translation>The officer&apos;s office (name and address)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificat au nom du commissaire</source>
        <translation>Certificate in the commissaire&apos;s name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé du certificat apte à signer</source>
        <translation>Certificate key fit for signing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificat valide à la signature</source>
        <translation>Certificate valid when signing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identification du matériel</source>
        <translation>Hardware identified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antivirus et pare-feu</source>
        <translation>Antivirus and firewall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse IP publique</source>
        <translation>Public IP address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écart de l&apos;horloge du poste</source>
        <translation>Workstation clock offset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absence de proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Résolution DNS des domaines visités</source>
        <translation>DNS resolution of the visited domains</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identification du navigateur</source>
        <translation>Browser identified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>État du navigateur (cache, cookies, historique)</source>
        <translation>Browser state (cache, cookies, history)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écrans relevés au début</source>
        <translation>Screens recorded at the start</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Projet non signé : {pages} page(s), SHA-256 {sha}</source>
        <translation>Unsigned draft: {pages} page(s), SHA-256 {sha}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Projet généré : relisez-le avant de signer.</source>
        <translation>Draft generated: read it before signing.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Le projet affiché ne tient pas compte de vos dernières modifications : régénérez-le.</source>
        <translation>The draft shown does not include your latest changes: generate it again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Aperçu impossible : le module QtPdf de Qt n&apos;est pas installé sur ce poste.</source>
        <translation>No preview: Qt&apos;s QtPdf module is not installed on this computer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Aperçu de la page 1 :</source>
        <translation>Preview of page 1:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PV signé (annexe {annex}) : niveau B-LTA, horodaté et vérifiable à long terme.</source>
        <translation>Report signed (annex {annex}): level B-LTA, timestamped and verifiable in the long term.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PV signé (annexe {annex}) : niveau {level}, les services de révocation (OCSP/CRL) n&apos;ont pas répondu. Il sera complété jusqu&apos;à B-LTA dès qu&apos;ils répondront : « Compléter (B-LTA) ».</source>
        <translation>PV signed (annex {annex}): level {level}; the revocation services (OCSP/CRL) did not answer. It will be completed up to B-LTA as soon as they answer: “Complete (B-LTA)”.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>aucune autorité d&apos;horodatage configurée</source>
        <translation>no timestamping authority configured</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>autorité d&apos;horodatage injoignable</source>
        <translation>timestamping authority unreachable</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PV signé hors ligne (annexe {annex}) : niveau {level} ({why}). Il sera complété jusqu&apos;à B-LTA dès que l&apos;autorité d&apos;horodatage répondra : « Compléter (B-LTA) ».</source>
        <translation>Report signed offline (annex {annex}): level {level} ({why}). It will be completed to B-LTA once the timestamping authority answers: &apos;Complete (B-LTA)&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PV signé : SHA-256 {sha}</source>
        <translation>Signed report: SHA-256 {sha}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signature enregistrée dans le coffre.</source>
        <translation>Signature stored in the vault.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rapport de validation : valide</source>
        <translation>Validation report: valid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapport de validation : NON VALIDE</source>
        <translation>Validation report: NOT VALID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> — niveau {level}</source>
        <translation> — level {level}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signataire : {who}</source>
        <translation>Signer: {who}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heure de l&apos;horodatage : {time}</source>
        <translation>Timestamp time: {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aucune (hors ligne)</source>
        <translation>none (offline)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Révocation : {state}</source>
        <translation>Revocation: {state}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indication ETSI EN 319 102-1 : {ades}</source>
        <translation>ETSI EN 319 102-1 indication: {ades}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage de document : {time}</source>
        <translation>Document timestamp: {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problème : {p}</source>
        <translation>Problem: {p}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rapport conservé dans le coffre : {id}</source>
        <translation>Report kept in the vault: {id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SHA-256 du PV signé : {sha}</source>
        <translation>SHA-256 of the signed report: {sha}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PV signé exporté : {path}</source>
        <translation>Signed report exported: {path}</translation>
    </message>
</context>
<context>
    <name>QtInteraction</name>
    <message>
        <location filename="../../ui/interaction.py" line="+55"/>
        <source>Choisissez :</source>
        <translation>Choose:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nouveau PIN de {device} :</source>
        <translation>New PIN for {device}:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN de {device} :</source>
        <translation>PIN for {device}:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Essais restants : {n}</source>
        <translation>Tries left: {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Probant — PIN de la clé</source>
        <translation>Probant — key PIN</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Confirmez le PIN :</source>
        <translation>Confirm the PIN:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Les deux PIN diffèrent.</source>
        <translation>The two PINs differ.</translation>
    </message>
</context>
<context>
    <name>RecordingBand</name>
    <message>
        <location filename="../../ui/web/panels.py" line="+48"/>
        <source>● Session enregistrée : chaque réponse reçue est archivée ; profil vierge, détruit à la fin de la session</source>
        <translation>● Recorded session: every response received is archived; blank profile, destroyed when the session ends</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DÉMONSTRATION — sans valeur probante</source>
        <translation>DEMONSTRATION — no evidential value</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="+16"/>
        <source>Code de récupération</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Il ouvre le coffre si la clé est perdue. Notez-le et gardez-le hors ligne : il ne sera plus jamais affiché.</source>
        <translation>It opens the vault if the key is lost. Write it down and keep it offline: it will never be shown again.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Recopiez le dernier groupe pour confirmer :</source>
        <translation>Type the last group to confirm:</translation>
    </message>
</context>
<context>
    <name>RemoteDialog</name>
    <message>
        <location filename="../../ui/remote_dialog.py" line="+38"/>
        <source>Ajouter un stockage distant</source>
        <translation>Add a remote store</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nom du stockage</source>
        <translation>Store name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type de stockage</source>
        <translation>Store type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stockage objet S3 (hébergeur)</source>
        <translation>S3 object store (provider)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dossier (NAS, disque externe)</source>
        <translation>Folder (NAS, external disk)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Débit maximal d&apos;envoi en kilo-octets par seconde (0 : illimité)</source>
        <translation>Maximum upload rate in kilobytes per second (0: unlimited)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> ko/s</source>
        <translation> kB/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>illimité</source>
        <translation>unlimited</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nom :</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type :</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Débit maximal :</source>
        <translation>&amp;Maximum rate:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Ajouter</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter le stockage</source>
        <translation>Add the store</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;nnuler</source>
        <translation>Ca&amp;ncel</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Adresse du service S3</source>
        <translation>S3 service address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compartiment</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Région</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Préfixe des objets</source>
        <translation>Object prefix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adressage par nom d&apos;hôte (sinon par chemin)</source>
        <translation>Virtual-host addressing (else path-style)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> jours</source>
        <translation> days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>celle du compartiment</source>
        <translation>the bucket&apos;s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rétention Object Lock par objet, en jours</source>
        <translation>Object Lock retention per object, in days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifiant de la clé d&apos;accès</source>
        <translation>Access key id</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé secrète</source>
        <translation>Secret key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Les identifiants vont dans le trousseau du système, jamais dans un fichier de Probant. Laissés vides : variables AWS_* ou ~/.aws.</source>
        <translation>The credentials go to the system keyring, never into a Probant file. Left empty: AWS_* variables or ~/.aws.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Adresse :</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Compartiment :</source>
        <translation>&amp;Bucket:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Région :</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Préfixe :</source>
        <translation>&amp;Prefix:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ré&amp;tention :</source>
        <translation>Re&amp;tention:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Identifiant de clé :</source>
        <translation>Access &amp;key id:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé &amp;secrète :</source>
        <translation>&amp;Secret key:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dossier du stockage</source>
        <translation>Store folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parcourir…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choisir le dossier du stockage</source>
        <translation>Choose the store folder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Dossier :</source>
        <translation>&amp;Folder:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dossier du stockage distant</source>
        <translation>Remote store folder</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Enregistrement du stockage…</source>
        <translation>Saving the store…</translation>
    </message>
</context>
<context>
    <name>RequesterForm</name>
    <message>
        <location filename="../../ui/requester_form.py" line="+28"/>
        <source>Nature du requérant</source>
        <translation>Kind of requester</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personne physique</source>
        <translation>Natural person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personne morale</source>
        <translation>Legal person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Texte libre</source>
        <translation>Free text</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nom :</source>
        <translation>Surname:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prénoms :</source>
        <translation>Given names:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profession :</source>
        <translation>Occupation:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Domicile :</source>
        <translation>Domicile:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationalité :</source>
        <translation>Nationality:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date et lieu de naissance :</source>
        <translation>Date and place of birth:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forme :</source>
        <translation>Legal form:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dénomination :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Siège social :</source>
        <translation>Registered office:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Représentée par :</source>
        <translation>Represented by:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Identité du requérant (texte libre)</source>
        <translation>Requester&apos;s identity (free text)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>identité</source>
        <translation>identity</translation>
    </message>
</context>
<context>
    <name>RestorePage</name>
    <message>
        <location filename="../../ui/first_run_restore.py" line="+20"/>
        <source>Restaurer le coffre de l&apos;étude</source>
        <translation>Restore the étude&apos;s vault</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Déclarez le stockage distant de l&apos;étude (S3 ou dossier partagé), puis restaurez. Le coffre s&apos;ouvrira ensuite avec votre clé enrôlée ou le code de récupération.</source>
        <translation>Declare the étude&apos;s remote store (S3 or shared folder), then restore. The vault will then open with your enrolled key or the recovery code.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Déclarer le stockage…</source>
        <translation>&amp;Declare the store…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Déclarer le stockage distant de l&apos;étude</source>
        <translation>Declare the étude&apos;s remote store</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Aucun stockage déclaré.</source>
        <translation>No store declared.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restaurer le coffre</source>
        <translation>&amp;Restore the vault</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restaurer le coffre depuis ce stockage</source>
        <translation>Restore the vault from this store</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Progression de la restauration</source>
        <translation>Restore progress</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stockage « {name} » : {where}</source>
        <translation>Store “{name}”: {where}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restauration en cours…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Coffre restauré ({blobs} fichier(s), journal {seq}). Cliquez sur « Terminer », puis déverrouillez-le avec votre clé.</source>
        <translation>Vault restored ({blobs} file(s), journal {seq}). Click “Finish”, then unlock it with your key.</translation>
    </message>
</context>
<context>
    <name>ScreenOverlay</name>
    <message>
        <location filename="../../ui/region_selector.py" line="+134"/>
        <source>Tracez la zone à capturer · Échap : annuler</source>
        <translation>Drag the area to capture · Esc: cancel</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{w} × {h} px</source>
        <translation>{w} × {h} px</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="+140"/>
        <source>Réglages</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Rubriques des réglages</source>
        <translation>Settings sections</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Général</source>
        <translation>General</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horodatage</source>
        <translation>Timestamping</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dossiers</source>
        <translation>Folders</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>État de l&apos;opération</source>
        <translation>State of the operation</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Langue de l&apos;interface</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Français</source>
        <translation>Français</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>La langue s&apos;applique au prochain démarrage de Probant.</source>
        <translation>The language applies the next time Probant starts.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verrouillage après inactivité, en minutes</source>
        <translation>Lock after inactivity, in minutes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Horodater après chaque capture</source>
        <translation>Timestamp after each capture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niveau du journal de l&apos;application</source>
        <translation>Application log level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Détaillé (DEBUG)</source>
        <translation>Detailed (DEBUG)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal (INFO)</source>
        <translation>Normal (INFO)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avertissements (WARNING)</source>
        <translation>Warnings (WARNING)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erreurs seulement (ERROR)</source>
        <translation>Errors only (ERROR)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le niveau du journal s&apos;applique au prochain démarrage.</source>
        <translation>The log level applies at the next start.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Langue :</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Verrouiller après :</source>
        <translation>Loc&amp;k after:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Journal :</source>
        <translation>Lo&amp;g:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Réservé au commissaire de justice : vous pouvez consulter cette liste, pas la modifier.</source>
        <translation>Reserved for the commissaire de justice: you may read this list, not change it.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Réservé au commissaire de justice</source>
        <translation>Reserved for the commissaire de justice</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+128"/>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Choisir le fichier : </source>
        <translation>Choose the file: </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ordre</source>
        <translation>Order</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+48"/>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Adresse (URL)</source>
        <translation>Address (URL)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Autorités d&apos;horodatage, dans l&apos;ordre d&apos;interrogation</source>
        <translation>Timestamping authorities, in the order they are asked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Les autorités sont interrogées dans cet ordre, qui est celui de leur ajout.</source>
        <translation>The authorities are asked in this order, which is the order they were added in.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Tester</source>
        <translation>&amp;Test</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tester l&apos;autorité sélectionnée</source>
        <translation>Test the selected authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Retirer</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retirer l&apos;autorité sélectionnée</source>
        <translation>Remove the selected authority</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Adresse (URL) de l&apos;autorité</source>
        <translation>Address (URL) of the authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nom de l&apos;autorité</source>
        <translation>Name of the authority</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>facultatif : le nom d&apos;hôte par défaut</source>
        <translation>optional: the host name by default</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificat de confiance de l&apos;autorité</source>
        <translation>Trust certificate of the authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Politique d&apos;horodatage (OID)</source>
        <translation>Timestamping policy (OID)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>facultatif, ex. : 1.2.250.1.86.2.1</source>
        <translation>optional, e.g. 1.2.250.1.86.2.1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ajouter l&apos;autorité</source>
        <translation>&amp;Add the authority</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter l&apos;autorité d&apos;horodatage</source>
        <translation>Add the timestamping authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ajouter une autorité d&apos;horodatage</source>
        <translation>Add a timestamping authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adresse (URL) :</source>
        <translation>Address (URL):</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+40"/>
        <source>Nom :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+41"/>
        <source>Certificat de confiance (PEM/DER) :</source>
        <translation>Trust certificate (PEM/DER):</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Politique (OID) :</source>
        <translation>Policy (OID):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Valide jusqu&apos;au</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Titulaire</source>
        <translation>Holder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificats de signature</source>
        <translation>Signing certificates</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Support du certificat</source>
        <translation>Certificate medium</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fichier PKCS#12 (.p12, .pfx)</source>
        <translation>PKCS#12 file (.p12, .pfx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carte ou clé PKCS#11</source>
        <translation>PKCS#11 card or key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom du certificat</source>
        <translation>Name of the certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>facultatif, ex. : certificat REAL</source>
        <translation>optional, e.g. REAL certificate</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Certificat de confiance du signataire</source>
        <translation>Trust certificate of the signer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le mot de passe du fichier ou le code PIN de la carte est demandé à l&apos;ajout ; il n&apos;est pas enregistré.</source>
        <translation>The file&apos;s password or the card&apos;s PIN is asked for when adding; it is not stored.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A&amp;jouter le certificat</source>
        <translation>A&amp;dd the certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter le certificat de signature</source>
        <translation>Add the signing certificate</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ajouter un certificat de signature</source>
        <translation>Add a signing certificate</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Support :</source>
        <translation>Medium:</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+98"/>
        <source>Fichier PKCS#12</source>
        <translation>PKCS#12 file</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>PKCS#12 (*.p12 *.pfx);;Tous les fichiers (*)</source>
        <translation>PKCS#12 (*.p12 *.pfx);;All files (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fichier PKCS#12 :</source>
        <translation>PKCS#12 file:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bibliothèque PKCS#11 du fabricant</source>
        <translation>Manufacturer&apos;s PKCS#11 library</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bibliothèques (*.so *.dylib *.dll);;Tous les fichiers (*)</source>
        <translation>Libraries (*.so *.dylib *.dll);;All files (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom de la carte (token)</source>
        <translation>Name of the card (token)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom de la clé sur la carte</source>
        <translation>Name of the key on the card</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bibliothèque (module) :</source>
        <translation>Library (module):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carte (token) :</source>
        <translation>Card (token):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé :</source>
        <translation>Key:</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+210"/>
        <source>Dossier d&apos;export par défaut</source>
        <translation>Default export folder</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>votre dossier personnel</source>
        <translation>your home folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choisir le dossier d&apos;export par défaut</source>
        <translation>Choose the default export folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dossier proposé pour enregistrer les procès-verbaux et les dossiers de preuve.</source>
        <translation>Folder proposed for saving reports and evidence bundles.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dossier d&apos;&amp;export :</source>
        <translation>&amp;Export folder:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer les réglages</source>
        <translation>Save the settings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fermer les réglages</source>
        <translation>Close the settings</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Réglages enregistrés.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> La nouvelle langue s&apos;appliquera au prochain démarrage.</source>
        <translation> The new language will apply the next time Probant starts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enregistrement des réglages…</source>
        <translation>Saving the settings…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Lecture des réglages du coffre…</source>
        <translation>Reading the vault&apos;s settings…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Carte PKCS#11</source>
        <translation>PKCS#11 card</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Indiquez l&apos;adresse (URL) de l&apos;autorité et son certificat de confiance.</source>
        <translation>Give the authority&apos;s address (URL) and its trust certificate.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Autorité d&apos;horodatage ajoutée : {name}.</source>
        <translation>Timestamping authority added: {name}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ajout de l&apos;autorité d&apos;horodatage…</source>
        <translation>Adding the timestamping authority…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sélectionnez l&apos;autorité à tester.</source>
        <translation>Select the authority to test.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>« {name} » a répondu : heure de l&apos;autorité {time} (heure légale française ; écart de l&apos;horloge du poste {skew} s à ± {margin} ms près, réponse en {ms} ms), jeton signé par {subject}.</source>
        <translation>“{name}” answered: the authority&apos;s time {time} (French legal time; the workstation clock is off by {skew} s, to within ± {margin} ms; answer in {ms} ms), token signed by {subject}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Demande d&apos;un jeton d&apos;essai à « {name} »…</source>
        <translation>Asking &apos;{name}&apos; for a test token…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sélectionnez l&apos;autorité à retirer.</source>
        <translation>Select the authority to remove.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retirer l&apos;autorité « {name} » ? Elle ne sera plus interrogée ; les jetons déjà obtenus restent valables.</source>
        <translation>Remove the authority &apos;{name}&apos;? It will no longer be asked; the tokens already obtained remain valid.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Autorité retirée : {name}.</source>
        <translation>Authority removed: {name}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retrait de l&apos;autorité…</source>
        <translation>Removing the authority…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Indiquez le fichier PKCS#12 (ou la bibliothèque et la carte PKCS#11) et le certificat de confiance.</source>
        <translation>Give the PKCS#12 file (or the PKCS#11 library and card) and the trust certificate.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Certificat de signature ajouté : {subject}.</source>
        <translation>Signing certificate added: {subject}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ouverture du certificat (mot de passe ou code PIN demandé)…</source>
        <translation>Opening the certificate (password or PIN asked)…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Confirmer</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Certificats (*.pem *.crt *.cer *.der);;Tous les fichiers (*)</source>
        <translation>Certificates (*.pem *.crt *.cer *.der);;All files (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choisir un fichier</source>
        <translation>Choose a file</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../ui/first_run.py" line="-108"/>
        <source>Ce poste</source>
        <translation>This workstation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aucun coffre n&apos;existe encore sur ce poste.</source>
        <translation>No vault exists on this workstation yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Créer le coffre de l&apos;étude (premier poste)</source>
        <translation>Create the étude&apos;s vault (first workstation)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restaurer le coffre de l&apos;étude depuis son stockage distant (nouveau poste, poste remplacé, poste d&apos;un collaborateur)</source>
        <translation>Restore the étude&apos;s vault from its remote store (new workstation, replaced workstation, a collaborateur&apos;s workstation)</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../ui/sync_dialog.py" line="+34"/>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stockages distants</source>
        <translation>Remote stores</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stockage</source>
        <translation>Store</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Emplacement</source>
        <translation>Location</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>En attente</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dernier envoi</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erreur depuis</source>
        <translation>Error since</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Progression de l&apos;envoi</source>
        <translation>Sending progress</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Synchroniser maintenant</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Ajouter un stockage…</source>
        <translation>&amp;Add a store…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter un stockage distant</source>
        <translation>Add a remote store</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Tester</source>
        <translation>&amp;Test</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tester le stockage choisi</source>
        <translation>Test the chosen store</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Mettre à jour depuis l&apos;origine</source>
        <translation>&amp;Update from the origin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mettre à jour cette copie depuis le poste d&apos;origine</source>
        <translation>Update this copy from the origin workstation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faire de ce poste l&apos;&amp;origine…</source>
        <translation>Make this workstation the &amp;origin…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Faire de ce poste le poste d&apos;origine du coffre</source>
        <translation>Make this workstation the vault&apos;s origin</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>injoignable</source>
        <translation>unreachable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accès refusé</source>
        <translation>access denied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en lecture seule</source>
        <translation>read-only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>plein</source>
        <translation>full</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrompu</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Aucun stockage distant n&apos;est défini : « Ajouter un stockage… » en déclare un.</source>
        <translation>No remote store is defined: “Add a store…” defines one.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%p % — {done} / {total} éléments</source>
        <translation>%p % — {done} / {total} items</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Ce poste est une copie restaurée depuis « {remote} » (journal du poste d&apos;origine : {seq}). « Mettre à jour » reçoit le travail fait depuis sur le poste d&apos;origine ; si ce poste-là est perdu ou retiré, faites de celui-ci le poste d&apos;origine.</source>
        <translation>This workstation is a copy restored from “{remote}” (origin workstation&apos;s journal: {seq}). “Update” brings in the work done on the origin workstation since; if that workstation is lost or retired, make this one the origin.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Faire de ce poste le poste d&apos;origine du coffre ?

À faire seulement si l&apos;ancien poste d&apos;origine est perdu ou retiré : il ne devra plus servir pour ce coffre (ses envois seront refusés). Votre PIN et un toucher de votre clé vous seront demandés ; la promotion est consignée au journal.</source>
        <translation>Make this workstation the vault&apos;s origin?

Only if the former origin workstation is lost or retired: it must no longer be used for this vault (its syncs will be refused). Your PIN and a touch of your key will be asked; the promotion is recorded in the journal.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Poste d&apos;origine</source>
        <translation>Origin workstation</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>« {name} » : injoignable.</source>
        <translation>“{name}”: unreachable.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Object Lock {mode}, {days} j</source>
        <translation>Object Lock {mode}, {days} d</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Object Lock actif</source>
        <translation>Object Lock on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sans Object Lock</source>
        <translation>no Object Lock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>« {name} » : joignable, écriture {write}, versionnage {versioning}, {lock}.</source>
        <translation>“{name}”: reachable, writing {write}, versioning {versioning}, {lock}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>possible</source>
        <translation>allowed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>refusée</source>
        <translation>refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>actif</source>
        <translation>on</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>absent</source>
        <translation>off</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manque : {what}.</source>
        <translation>Missing: {what}.</translation>
    </message>
</context>
<context>
    <name>SyncFlow</name>
    <message>
        <location filename="../../app/desktop/sync_flow.py" line="+109"/>
        <source>Test du stockage « {name} »…</source>
        <translation>Testing store “{name}”…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Mise à jour de la copie depuis le poste d&apos;origine…</source>
        <translation>Updating the copy from the origin workstation…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Copie mise à jour : journal {start} → {end}, {n} fichier(s) reçu(s).</source>
        <translation>Copy updated: journal {start} → {end}, {n} file(s) received.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copie déjà à jour (journal {end}).</source>
        <translation>Copy already up to date (journal {end}).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Promotion de ce poste…</source>
        <translation>Promoting this workstation…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ce poste est désormais le poste d&apos;origine du coffre. L&apos;ancien poste d&apos;origine ne doit plus servir pour ce coffre : ses envois seront refusés.</source>
        <translation>This workstation is now the vault&apos;s origin. The former origin workstation must no longer be used for this vault: its syncs will be refused.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Envoi en attente : {error}</source>
        <translation>Sync pending: {error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Refusé : {error}</source>
        <translation>Refused: {error}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Synchronisation : {n} élément(s) à envoyer</source>
        <translation>Sync: {n} item(s) to send</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+35"/>
        <source>Synchronisé à {time}</source>
        <translation>Synced at {time}</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Synchronisation : à jour</source>
        <translation>Sync: up to date</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Synchronisation en cours…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Synchronisation : {names} injoignable, envoi en attente</source>
        <translation>Sync: {names} unreachable, sending postponed</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Synchronisation en échec : {error}</source>
        <translation>Sync failed: {error}</translation>
    </message>
</context>
<context>
    <name>TimestampDialog</name>
    <message>
        <location filename="../../ui/timestamps.py" line="+48"/>
        <source>Annexe</source>
        <translation>Annex</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Horodatage des constats</source>
        <translation>Timestamping of constats</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Capture</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écart / raison</source>
        <translation>Gap / reason</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Heure TSA</source>
        <translation>TSA time</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Heures en heure légale française (fuseau Europe/Paris), comme dans le procès-verbal.</source>
        <translation>Times in French legal time (Europe/Paris zone), as in the procès-verbal.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Horodater maintenant</source>
        <translation>Timestamp now</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Lecture du coffre…</source>
        <translation>Reading the vault…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Demande de jeton aux autorités d&apos;horodatage…</source>
        <translation>Asking the timestamping authorities for a token…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aucun constat.</source>
        <translation>No constat.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Horodatée</source>
        <translation>Timestamped</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>En attente</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{gap:+.1f} s</source>
        <translation>{gap:+.1f} s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{covered} horodatée(s), {pending} en attente</source>
        <translation>{covered} timestamped, {pending} pending</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture d&apos;écran</source>
        <translation>Screenshot</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>Vidéo</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapport d&apos;environnement</source>
        <translation>Environment report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pièce remise</source>
        <translation>Handed-in file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Procès-verbal</source>
        <translation>Report (procès-verbal)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>pas encore demandé</source>
        <translation>not requested yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ({n} essai(s))</source>
        <translation> ({n} attempt(s))</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Échec : </source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>TokenManager</name>
    <message>
        <location filename="../../ui/tokens.py" line="+41"/>
        <source>Clés d&apos;accès au coffre</source>
        <translation>Vault access keys</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Utilisateur</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enrôlée le</source>
        <translation>Enrolled on</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nom de la nouvelle clé (ex. : clé de secours)</source>
        <translation>Name of the new key (e.g. spare key)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrôler une nouvelle clé</source>
        <translation>Enroll a new key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retirer la clé sélectionnée</source>
        <translation>Remove the selected key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gardez une clé de secours au coffre-fort : sans clé ni code de récupération, le coffre ne s&apos;ouvre plus.</source>
        <translation>Keep a spare key in the safe: without a key or the recovery code, the vault no longer opens.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Code de récupération</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé FIDO2 (simulée)</source>
        <translation>FIDO2 key (simulated)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clé FIDO2</source>
        <translation>FIDO2 key</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Donnez un nom à la nouvelle clé.</source>
        <translation>Give the new key a name.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Touchez votre clé actuelle, puis la nouvelle clé…</source>
        <translation>Touch your current key, then the new key…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé « {label} » enrôlée.</source>
        <translation>Key &apos;{label}&apos; enrolled.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sélectionnez la clé à retirer.</source>
        <translation>Select the key to remove.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retirer la clé « {label} » ? Elle n&apos;ouvrira plus le coffre.</source>
        <translation>Remove the key &apos;{label}&apos;? It will no longer open the vault.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Touchez votre clé pour confirmer…</source>
        <translation>Touch your key to confirm…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clé « {label} » retirée.</source>
        <translation>Key &apos;{label}&apos; removed.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Refusé : </source>
        <translation>Refused: </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Retirer une clé</source>
        <translation>Remove a key</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location filename="../../ui/users_dialog.py" line="-181"/>
        <source>Utilisateurs de l&apos;étude</source>
        <translation>Users of the office</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Utilisateurs</source>
        <translation>Users</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rôle</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clés</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Étude</source>
        <translation>Office</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nom du nouvel utilisateur</source>
        <translation>Name of the new user</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rôle du nouvel utilisateur</source>
        <translation>Role of the new user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collaborateur</source>
        <translation>Collaborateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commissaire de justice</source>
        <translation>Commissaire de justice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé FIDO2</source>
        <translation>FIDO2 key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom de la clé à enrôler</source>
        <translation>Name of the key to enroll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter et enrôler sa clé</source>
        <translation>Add and enroll their key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter l&apos;utilisateur et enrôler sa clé</source>
        <translation>Add the user and enroll their key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrôler une clé pour l&apos;utilisateur choisi</source>
        <translation>Enroll a key for the chosen user</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Désactiver l&apos;utilisateur choisi</source>
        <translation>Deactivate the chosen user</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Modifier l&apos;étude…</source>
        <translation>Edit the office…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modifier le nom et l&apos;adresse de l&apos;étude</source>
        <translation>Edit the office&apos;s name and address</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nom :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rôle :</source>
        <translation>Role:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé :</source>
        <translation>Key:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Branchez la clé du nouvel utilisateur avant d&apos;enrôler : son PIN lui sera demandé.</source>
        <translation>Plug in the new user&apos;s key before enrolling: they will be asked for its PIN.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>commissaire de justice</source>
        <translation>commissaire de justice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>collaborateur</source>
        <translation>collaborateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>oui</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Donnez le nom du nouvel utilisateur.</source>
        <translation>Give the new user&apos;s name.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrôlement de la clé de {name} : PIN puis contact de sa clé…</source>
        <translation>Enrolling {name}&apos;s key: PIN, then a touch of their key…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ajouté(e), sa clé est enrôlée.</source>
        <translation>{name} added, their key is enrolled.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>Choisissez un utilisateur dans la liste.</source>
        <translation>Choose a user in the list.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Enrôlement d&apos;une clé pour {name}…</source>
        <translation>Enrolling a key for {name}…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clé enrôlée pour {name}.</source>
        <translation>Key enrolled for {name}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Désactiver {name} ? Ses clés n&apos;ouvriront plus le coffre ; ses actions restent au journal.</source>
        <translation>Deactivate {name}? Their keys will no longer open the vault; their actions stay in the journal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Désactivation…</source>
        <translation>Deactivating…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} est désactivé(e).</source>
        <translation>{name} is deactivated.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Modification de l&apos;étude…</source>
        <translation>Changing the office…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Étude modifiée : {office}, {address}.</source>
        <translation>Office changed: {office}, {address}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusé : </source>
        <translation>Refused: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Probant</source>
        <translation>Probant</translation>
    </message>
</context>
<context>
    <name>VerifyBundleDialog</name>
    <message>
        <location filename="../../ui/verify_dialogs.py" line="+228"/>
        <source>Vérifier un dossier de preuve</source>
        <translation>Verify an evidence bundle</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Déposez ici un dossier de preuve (.zip)
ou choisissez le fichier. Le coffre n&apos;est pas nécessaire.</source>
        <translation>Drop an evidence bundle (.zip) here
or choose the file. The vault is not needed.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Zone de dépôt du dossier de preuve</source>
        <translation>Drop zone for the evidence bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verdict du dossier de preuve</source>
        <translation>Verdict on the evidence bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapport de vérification</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Choisir un fichier…</source>
        <translation>&amp;Choose a file…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choisir le dossier de preuve</source>
        <translation>Choose the evidence bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Autorités de confiance…</source>
        <translation>&amp;Trusted authorities…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choisir les certificats des autorités de confiance</source>
        <translation>Choose the trusted authorities&apos; certificates</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fermer</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Dossier de preuve à vérifier</source>
        <translation>Evidence bundle to verify</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive ZIP (*.zip)</source>
        <translation>ZIP archive (*.zip)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Certificats des autorités de confiance</source>
        <translation>Trusted authorities&apos; certificates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificats (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Vérification…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vérification de {path}…</source>
        <translation>Verifying {path}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ALTÉRÉ</source>
        <translation>ALTERED</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>INTÈGRE ET RATTACHÉ</source>
        <translation>INTACT AND ANCHORED</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>INTÈGRE, NON RATTACHÉ</source>
        <translation>INTACT, NOT ANCHORED</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>NON VÉRIFIÉ</source>
        <translation>NOT VERIFIED</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Échec de la vérification : </source>
        <translation>Verification failed: </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dossier de preuve intact : chaque fichier, signature, horodatage et lien du journal est conforme.</source>
        <translation>Evidence bundle intact: every file, signature, timestamp and journal link is in order.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Des problèmes ont été trouvés : ce dossier ne peut pas être produit tel quel.</source>
        <translation>Problems were found: this bundle cannot be produced as it is.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fichier : {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Non rattaché : les chaînes de certificats n&apos;aboutissent qu&apos;aux autorités fournies par le dossier lui-même. Pour rattacher le dossier, donnez les certificats des autorités (signataire, horodatage) obtenus par une autre voie (bouton « Autorités de confiance… »).</source>
        <translation>Not anchored: the certificate chains end only at authorities the bundle itself provides. To anchor the bundle, give the authorities&apos; certificates (signer, timestamping) obtained another way (the “Trusted authorities…” button).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Niveau apparent du procès-verbal : {level}</source>
        <translation>Apparent level of the report: {level}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problèmes :</source>
        <translation>Problems:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avertissements :</source>
        <translation>Warnings:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes techniques :</source>
        <translation>Technical notes:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+12"/>
        <source>fichiers</source>
        <translation>files</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>pièces</source>
        <translation>items</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entrées de journal</source>
        <translation>journal entries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>jetons d&apos;horodatage</source>
        <translation>timestamp tokens</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>structure</source>
        <translation>structure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sceau du dossier</source>
        <translation>bundle seal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>manifestes</source>
        <translation>manifests</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extrait du journal</source>
        <translation>journal extract</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>horodatages</source>
        <translation>timestamps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>procès-verbal</source>
        <translation>report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation du procès-verbal</source>
        <translation>validation of the report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>annexes</source>
        <translation>annexes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>clés du poste</source>
        <translation>workstation keys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ancres de confiance</source>
        <translation>trust anchors</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>démonstration</source>
        <translation>demonstration</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>annoncé dans bundle.json mais absent</source>
        <translation>listed in bundle.json but missing</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empreinte SHA-256 ou taille différente de bundle.json (fichier modifié)</source>
        <translation>SHA-256 digest or size differs from bundle.json (file modified)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>absent de bundle.json (fichier ajouté ?)</source>
        <translation>not in bundle.json (file added?)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>la signature du sommaire du dossier est invalide</source>
        <translation>the signature of the bundle&apos;s summary is invalid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>absent ou illisible</source>
        <translation>missing or unreadable</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>signature invalide (manifeste modifié ?)</source>
        <translation>invalid signature (manifest modified?)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ne décrit pas son fichier</source>
        <translation>does not describe its file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>le fichier diffère de son manifeste</source>
        <translation>the file differs from its manifest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extrait du journal absent</source>
        <translation>journal extract missing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>détails modifiés</source>
        <translation>details modified</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>l&apos;empreinte horodatée diffère de l&apos;enregistrement</source>
        <translation>the timestamped digest differs from the record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aucun procès-verbal signé dans ce dossier</source>
        <translation>no signed report in this bundle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fait en mode DÉMONSTRATION : sans valeur probante</source>
        <translation>made in DEMONSTRATION mode: no evidential value</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>le procès-verbal ne porte pas une liste signée unique des annexes</source>
        <translation>the report does not carry a single signed list of the annexes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>le procès-verbal n&apos;est pas signé (réenregistré par un autre outil ?)</source>
        <translation>the report is not signed (saved again by another tool?)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>absent : ce n&apos;est pas un dossier Probant</source>
        <translation>missing: this is not a Probant bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>format ou version inconnus</source>
        <translation>unknown format or version</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>non horodaté à l&apos;export (aucune autorité d&apos;horodatage n&apos;a répondu)</source>
        <translation>not timestamped at export (no timestamping authority answered)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>annexe {0} : pas encore de jeton RFC 3161 (en attente)</source>
        <translation>annex {0}: no RFC 3161 token yet (pending)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entrée {0} modifiée</source>
        <translation>entry {0} modified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>chaîne rompue avant l&apos;entrée {0}</source>
        <translation>chain broken before entry {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aucune entrée « pièce ajoutée » pour l&apos;annexe {0}</source>
        <translation>no &apos;item added&apos; entry for annex {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>l&apos;annexe {0} du procès-verbal n&apos;est pas dans le dossier avec cette empreinte</source>
        <translation>annex {0} of the report is not in the bundle with this digest</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>l&apos;annexe {0} est dans le dossier mais pas dans le procès-verbal</source>
        <translation>annex {0} is in the bundle but not in the report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>le procès-verbal a été modifié après sa dernière signature ({0})</source>
        <translation>the report was modified after its last signature ({0})</translation>
    </message>
</context>
<context>
    <name>VerifyVaultDialog</name>
    <message>
        <location line="-329"/>
        <source>Vérifier le coffre</source>
        <translation>Verify the vault</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chaque pièce est relue et son empreinte recalculée ; les manifestes, les horodatages et la chaîne du journal sont contrôlés.</source>
        <translation>Each item is read again and its digest recomputed; the manifests, the timestamps and the journal&apos;s chain are checked.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Avancement de la vérification</source>
        <translation>Progress of the verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verdict de la vérification</source>
        <translation>Verdict of the verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rapport de vérification</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vérifier</source>
        <translation>&amp;Verify</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lancer la vérification</source>
        <translation>Start the verification</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+26"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Annuler ou fermer</source>
        <translation>Cancel or close</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Vérification en cours…</source>
        <translation>Verification in progress…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Coffre intègre</source>
        <translation>Vault intact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coffre ALTÉRÉ</source>
        <translation>Vault ALTERED</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{items} pièce(s), {bytes} octets ({mib} Mio), {entries} entrées de journal</source>
        <translation>{items} item(s), {bytes} bytes ({mib} MiB), {entries} journal entries</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Aucune atteinte trouvée.</source>
        <translation>No breach found.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} atteinte(s) :</source>
        <translation>{n} breach(es):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note : {n} fichier(s) chiffré(s) sans pièce (une écriture interrompue), sans effet sur les pièces.</source>
        <translation>Note: {n} encrypted file(s) without an item (an interrupted write), with no effect on the items.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vérification annulée.</source>
        <translation>Verification cancelled.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Échec de la vérification : </source>
        <translation>Verification failed: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>WarningsDialog</name>
    <message>
        <location filename="../../ui/matter_dialogs.py" line="+67"/>
        <source>Relevé d&apos;environnement : avertissements</source>
        <translation>Environment report: warnings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le relevé de l&apos;environnement signale ce qui suit. Cochez chaque point pour attester que vous en avez pris connaissance ; votre attestation est consignée au journal.</source>
        <translation>The environment report points out the following. Tick each point to attest that you have taken note of it; your attestation is recorded in the journal.</translation>
    </message>
</context>
<context>
    <name>WebFlow</name>
    <message>
        <location filename="../../app/desktop/web_flow.py" line="+56"/>
        <source>Ouvrez d&apos;abord un constat : le navigateur de constatation enregistre pour un constat.</source>
        <translation>Open a constat first: the recording browser records for a constat.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Le navigateur de constatation est déjà ouvert.</source>
        <translation>The recording browser is already open.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ouverture du navigateur de constatation…</source>
        <translation>Opening the recording browser…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Film de la fenêtre du navigateur enregistré : annexe {annex} ({segments} segment(s)).</source>
        <translation>Film of the browser window stored: annex {annex} ({segments} segment(s)).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Film de la fenêtre du navigateur en cours : chaque segment est enregistré dans le coffre.</source>
        <translation>Filming the browser window: each segment is stored in the vault.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Navigateur de constatation ouvert : chaque page visitée est enregistrée.</source>
        <translation>Recording browser open: every page visited is recorded.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Page visitée : {url} ({status}).</source>
        <translation>Page visited: {url} ({status}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page non chargée : {url} ({error}).</source>
        <translation>Page not loaded: {url} ({error}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificat non valable accepté par vous pour {url} : l&apos;acceptation est enregistrée dans le journal de navigation.</source>
        <translation>Invalid certificate accepted by you for {url}: the acceptance is recorded in the browsing log.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificat non valable refusé pour {url} : le refus est enregistré dans le journal de navigation.</source>
        <translation>Invalid certificate refused for {url}: the refusal is recorded in the browsing log.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Présence d&apos;un proxy sur ce poste reconnue ({proxies}) : la reconnaissance est enregistrée dans le journal de navigation.</source>
        <translation>Proxy on this workstation acknowledged ({proxies}): the acknowledgement is recorded in the navigation log.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bandeau de consentement détecté : {platform} ({url}).</source>
        <translation>Consent banner detected: {platform} ({url}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connexion enregistrée comme fait sur {url} ; le mot de passe ({fields}) est masqué dans l&apos;archive et le journal.</source>
        <translation>Login recorded as a fact on {url}; the password ({fields}) is masked in the archive and the log.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Téléchargement enregistré dans le coffre : annexe {annex} ({url}).</source>
        <translation>Download stored in the vault: annex {annex} ({url}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture du navigateur enregistrée : annexe {annex} ({url}).</source>
        <translation>Browser capture recorded: annex {annex} ({url}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Navigation terminée : archive WACZ et journal de navigation en cours d&apos;enregistrement…</source>
        <translation>Browsing finished: WACZ archive and browsing log being recorded…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Navigation enregistrée : archive WACZ en annexe {annex}, journal de navigation en annexe {log}, {n} capture(s).</source>
        <translation>Browsing recorded: WACZ archive in annex {annex}, browsing log in annex {log}, {n} capture(s).</translation>
    </message>
</context>
</TS>
