<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="34"/>
        <source>DÉMONSTRATION — sans valeur probante</source>
        <translation>DEMONSTRATION — no probative value</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="38"/>
        <source>Chargement du coffre…</source>
        <translation>Loading the vault…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="44"/>
        <source>Déverrouiller avec ma clé</source>
        <translation>Unlock with my key</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>Erreur : </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>Aucun coffre dans {home}.
Créez-le avec « probant init ».</source>
        <translation>No vault in {home}.
Create one with &apos;probant init&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Coffre verrouillé ({home}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({home}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <source>Coffre ouvert : {home}</source>
        <translation>Vault open: {home}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Dossiers : {d} · Constats : {c} · Pièces : {e}</source>
        <translation>Dossiers: {d} · Constats: {c} · Items: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Authentificateur logiciel (simulation) : aucune protection matérielle.</source>
        <translation>Software authenticator (simulation): no hardware protection.</translation>
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
    <name>window</name>
    <message>
        <location filename="../../app/gui.py" line="76"/>
        <source>Déverrouillage : saisissez le PIN puis touchez votre clé…</source>
        <translation>Unlocking: type the PIN, then touch your key…</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="83"/>
        <source>Touchez votre clé ({label})</source>
        <translation>Touch your key ({label})</translation>
    </message>
</context>
</TS>
