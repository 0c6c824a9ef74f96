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
        <location filename="../../ui/main_window.py" line="61"/>
        <location filename="../../ui/main_window.py" line="65"/>
        <source>Erreur : </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67"/>
        <source>Aucun coffre dans {home}.
Créez-le avec « probant init ».</source>
        <translation>No vault in {home}.
Create one with 'probant init'.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70"/>
        <source>Coffre verrouillé ({home}).
Branchez votre clé puis déverrouillez.</source>
        <translation>Vault locked ({home}).
Plug in your key, then unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Coffre ouvert : {home}</source>
        <translation>Vault open: {home}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Officier : {name}</source>
        <translation>Officer: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Dossiers : {d} · Constats : {c} · Pièces : {e}</source>
        <translation>Dossiers: {d} · Constats: {c} · Items: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>Authentificateur logiciel (simulation) : aucune protection matérielle.</source>
        <translation>Software authenticator (simulation): no hardware protection.</translation>
    </message>
</context>
</TS>
