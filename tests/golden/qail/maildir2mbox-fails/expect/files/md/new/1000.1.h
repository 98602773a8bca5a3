Return-Path: <a@b>
Subject: one

hello
